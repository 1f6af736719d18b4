package io.argogeneric.sdk.internal;

import io.argogeneric.sdk.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Wall-clock time and timers on a shared scheduled executor. */
public final class SystemTimeSource implements TimeSource {
  private final ScheduledExecutorService executor;

  public SystemTimeSource(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
