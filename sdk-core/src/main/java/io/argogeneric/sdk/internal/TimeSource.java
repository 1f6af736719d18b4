package io.argogeneric.sdk.internal;

import io.argogeneric.sdk.Cancellable;
import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time and one-shot timers behind every stream's {@link
 * io.argogeneric.sdk.Scheduler}. Real servers use {@link SystemTimeSource}; the testkit swaps in
 * virtual time, which is why plugins must never read the system clock themselves.
 */
public interface TimeSource {
  Instant now();

  /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);
}
