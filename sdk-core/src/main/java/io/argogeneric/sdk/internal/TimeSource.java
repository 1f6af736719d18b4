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

  /**
   * Whether this is a test's virtual time, whose timers run on the thread that advances it; polls
   * then run there too, so that an advance makes exactly the polls it passes.
   */
  default boolean isVirtual() {
    return false;
  }
}
