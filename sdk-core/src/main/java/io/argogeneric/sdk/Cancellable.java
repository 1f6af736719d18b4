package io.argogeneric.sdk;

/** A scheduled task that can be cancelled; cancelling twice, or after it ran, does nothing. */
@FunctionalInterface
public interface Cancellable {
  /** Cancels the task if it has not run yet (for a periodic task: its next runs). */
  void cancel();
}
