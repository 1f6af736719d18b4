/*
 * Copyright 2026 The Argo generic eventsource SDK authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.argogeneric.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time for one stream: the only clock and timer a plugin should use, so that tests can replace both
 * with virtual time. Every task scheduled here is cancelled when the stream ends.
 *
 * <p>Tasks run on the SDK's shared timer threads, never one thread per stream: keep them short and
 * hand slow work to your own executor. A task that throws ends its stream with {@code INTERNAL}.
 * Scheduling on a stream that has ended throws {@link StreamClosedException}.
 *
 * @since 0.1.0
 */
public abstract class Scheduler {

  /** Only the SDK creates schedulers. */
  protected Scheduler() {}

  /** The current instant of this stream's clock. */
  public abstract Instant now();

  /** This stream's clock as a {@link Clock} in UTC, for APIs that take one. */
  public abstract Clock clock();

  /** Runs {@code task} once after {@code delay}. */
  public abstract Cancellable schedule(Duration delay, Runnable task);

  /** Runs {@code task} once at {@code when}, or at once if {@code when} is past. */
  public Cancellable scheduleAt(Instant when, Runnable task) {
    Duration delay = Duration.between(now(), when);
    return schedule(delay.isNegative() ? Duration.ZERO : delay, task);
  }

  /**
   * Runs {@code task} first after {@code initialDelay}, then every {@code period}, measured from
   * the planned start of the first run so that the rate does not drift.
   */
  public abstract Cancellable scheduleAtFixedRate(
      Duration initialDelay, Duration period, Runnable task);
}
