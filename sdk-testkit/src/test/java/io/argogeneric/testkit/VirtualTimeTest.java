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
package io.argogeneric.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private final VirtualTime time = VirtualTime.startingAt(T0);
  private final List<String> ran = new ArrayList<>();

  @Test
  void runsDueTasksInDueOrderAtTheirDueTimeOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    time.schedule(Duration.ofSeconds(3), () -> ran.add("c@" + time.now()));
    time.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + time.now()));
    time.schedule(Duration.ofSeconds(2), () -> ran.add("b@" + (Thread.currentThread() == caller)));
    time.schedule(Duration.ofSeconds(5), () -> ran.add("late"));

    time.advance(Duration.ofSeconds(3));

    assertThat(ran).containsExactly("a@2026-03-01T00:00:01Z", "b@true", "c@2026-03-01T00:00:03Z");
    assertThat(time.now()).isEqualTo(T0.plusSeconds(3));
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void tasksDueAtTheSameInstantRunInTheOrderTheyWereScheduled() {
    for (String name : List.of("first", "second", "third")) {
      time.schedule(Duration.ofMinutes(1), () -> ran.add(name));
    }
    time.advance(Duration.ofMinutes(1));
    assertThat(ran).containsExactly("first", "second", "third");
  }

  @Test
  void tasksScheduledWhileAdvancingRunWhenTheyFallDueWithinTheAdvance() {
    Runnable[] every10s = new Runnable[1];
    every10s[0] =
        () -> {
          ran.add(time.now().toString());
          time.schedule(Duration.ofSeconds(10), every10s[0]);
        };
    time.schedule(Duration.ofSeconds(10), every10s[0]);

    time.advance(Duration.ofSeconds(35));

    assertThat(ran)
        .containsExactly("2026-03-01T00:00:10Z", "2026-03-01T00:00:20Z", "2026-03-01T00:00:30Z");
    assertThat(time.pendingTasks()).isEqualTo(1); // the one due at 00:00:40
    time.advanceTo(T0.plusSeconds(40));
    assertThat(ran).hasSize(4);
  }

  @Test
  void aZeroDelayTaskRunsAtTheNextAdvanceEvenOfZero() {
    time.schedule(Duration.ZERO, () -> ran.add("now"));
    assertThat(ran).isEmpty();
    time.advance(Duration.ZERO);
    assertThat(ran).containsExactly("now");
    assertThat(time.now()).isEqualTo(T0);
  }

  @Test
  void aCancelledTaskNeverRunsAndIsNoLongerPending() {
    Cancellable handle = time.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
    time.schedule(Duration.ofSeconds(2), () -> ran.add("kept"));
    handle.cancel();
    handle.cancel(); // twice is harmless
    assertThat(time.pendingTasks()).isEqualTo(1);
    time.advance(Duration.ofSeconds(5));
    assertThat(ran).containsExactly("kept");
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void aTaskCancelledByAnEarlierTaskInTheSameAdvanceDoesNotRun() {
    Cancellable later = time.schedule(Duration.ofSeconds(2), () -> ran.add("later"));
    time.schedule(Duration.ofSeconds(1), later::cancel);
    time.advance(Duration.ofSeconds(3));
    assertThat(ran).isEmpty();
  }

  @Test
  void timeNeverMovesBackwards() {
    time.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> time.advanceTo(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot move virtual time back");
    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> time.schedule(Duration.ofSeconds(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aThrowingTaskStopsTheAdvanceAtItsDueTime() {
    time.schedule(
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("boom");
        });
    time.schedule(Duration.ofSeconds(2), () -> ran.add("after"));
    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(5))).hasMessage("boom");
    assertThat(time.now()).isEqualTo(T0.plusSeconds(1));
    assertThat(ran).isEmpty();
    time.advance(Duration.ofSeconds(4));
    assertThat(ran).containsExactly("after");
  }
}
