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

import io.argogeneric.sdk.config.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a {@link Poller} is called: {@link #every(Duration)} for a fixed interval, or a function of
 * your own for a calendar (a cron expression's next fire time).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface PollSchedule {
  /**
   * The planned instant of the poll after the one planned at {@code previous} (the stream's start
   * for the first scheduled poll). A poll that runs late makes no catch-up polls: the next one is
   * the first planned instant after it ends.
   *
   * @return an instant after {@code previous}, or {@code null} for no more polls
   */
  Instant next(Instant previous);

  /** A poll every {@code interval}, at a fixed rate from the stream's start. */
  static PollSchedule every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "poll interval must be positive: " + GoDuration.format(interval));
    }
    return previous -> previous.plus(interval);
  }
}
