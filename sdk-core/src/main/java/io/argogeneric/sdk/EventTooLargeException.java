package io.argogeneric.sdk;

/**
 * Thrown by an emit whose event is larger than {@link StreamSettings#maxEventBytes()}. Argo's client
 * (grpc-go) refuses messages of 4 MiB or more by default and would tear down its stream and
 * reconnect, so such an event is refused here, at emit time, and never sent.
 */
public final class EventTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An event refused at emit time; {@code message} says its size and the limit. */
  public EventTooLargeException(String message) {
    super(message);
  }
}
