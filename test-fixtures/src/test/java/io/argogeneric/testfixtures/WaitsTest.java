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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class WaitsTest {
  @Test
  void returnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Waits.until("the third poll", () -> polls.incrementAndGet() == 3);
    assertThat(polls).hasValue(3);
  }

  @Test
  void aTimeoutNamesWhatWasAwaitedAndTheContext() {
    assertThatThrownBy(() -> Waits.until("never", Duration.ofMillis(50), () -> false))
        .isInstanceOf(ConditionTimeoutException.class)
        .hasMessageContaining("never");
    assertThatThrownBy(
            () ->
                Waits.until(
                    "never", Duration.ofMillis(50), () -> false, () -> "log: the server said no"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("never")
        .hasMessageEndingWith("log: the server said no");
  }

  @Test
  void anAssertionInTheConditionFailsTheWaitAsItIs() {
    AssertionError failure = new AssertionError("the stream ended early");
    assertThatThrownBy(
            () ->
                Waits.until(
                    "events",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
  }
}
