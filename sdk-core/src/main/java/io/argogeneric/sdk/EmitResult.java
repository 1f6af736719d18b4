package io.argogeneric.sdk;

/** What became of one emitted event. */
public enum EmitResult {
  /** The event is in the stream's buffer and will be written as flow control allows. */
  ACCEPTED,
  /** The overflow policy discarded the event; it has been counted and will never be sent. */
  DROPPED
}
