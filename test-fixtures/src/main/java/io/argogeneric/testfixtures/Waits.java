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
package io.argogeneric.testfixtures;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a condition instead of sleeping: the CI machine is a loaded 2-core box, so timeouts are
 * generous.
 */
public final class Waits {
  /**
   * What a test waits for unless it says otherwise: long enough never to be missed on a loaded
   * machine.
   */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private Waits() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    Awaitility.await(what)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(
            (n, previous) ->
                Duration.ofMillis(
                    Math.min(10, 1 + n / 10))) // 1 ms at first: quick when it is quick
        .pollInSameThread() // on the test's thread, so an assertion inside the condition fails the
        // test as it is
        .dontCatchUncaughtExceptions() // tests kill threads and plugins on purpose
        .until(condition::getAsBoolean);
  }

  /**
   * Like {@link #until(String, Duration, BooleanSupplier)}; a timeout's message ends with {@code
   * context} (e.g. a log).
   */
  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<?> context) {
    try {
      until(what, timeout, condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; " + context.get(), e);
    }
  }

  /** {@link #until(String, Duration, BooleanSupplier)} with {@link #DEFAULT}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition);
  }
}
