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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.Polled;
import io.argogeneric.sdk.Poller;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** StreamContext.poll in the testkit: virtual time drives the polls, exactly and at once. */
class PollingOnVirtualTimeTest {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** Polls every {@code interval} with the poller the test gives it. */
  public static final class PollingServer extends EventingServer<PollingServer.Config> {
    public record Config(Duration interval) {}

    volatile Function<StreamContext<Config>, Poller<Long>> poller;

    public PollingServer() {
      super(Config.class);
    }

    @Override
    public StreamSettings streamSettings() {
      return StreamSettings.defaults()
          .withMaxBufferedEvents(4)
          .withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      stream.poll(stream.config().interval(), Long.class, poller.apply(stream));
    }
  }

  @RegisterExtension
  final EventSourceExtension es = EventSourceExtension.of(PollingServer::new).withVirtualTime(T0);

  /** What a poll does after it is recorded, given its number (1 for the first). */
  private interface Step {
    void run(int call) throws Exception;
  }

  /** A poller that emits the virtual instant it was called at and records it. */
  private Function<StreamContext<PollingServer.Config>, Poller<Long>> stamping(
      List<Instant> calls) {
    return stamping(calls, call -> {});
  }

  /** As {@link #stamping(List)}, running {@code step} between recording and emitting. */
  private Function<StreamContext<PollingServer.Config>, Poller<Long>> stamping(
      List<Instant> calls, Step step) {
    return stream ->
        last -> {
          Instant now = stream.scheduler().now();
          calls.add(now);
          step.run(calls.size());
          return List.of(Polled.text(now.toString(), now.toEpochMilli()));
        };
  }

  private static List<String> texts(List<ReceivedEvent> events) {
    return events.stream().map(ReceivedEvent::text).toList();
  }

  @Test
  void anHourOfVirtualTimeMakesThePollsOfThatHour() {
    List<Instant> calls = new CopyOnWriteArrayList<>();
    es.plugin(PollingServer.class).poller = stamping(calls);
    TestStream stream = es.open("poll", "interval: 10m");

    es.time().advance(Duration.ofHours(1));

    assertThat(texts(stream.awaitEvents(7, WAIT)))
        .containsExactly(
            "2026-05-01T00:00:00Z",
            "2026-05-01T00:10:00Z",
            "2026-05-01T00:20:00Z",
            "2026-05-01T00:30:00Z",
            "2026-05-01T00:40:00Z",
            "2026-05-01T00:50:00Z",
            "2026-05-01T01:00:00Z");
    stream.expectNoEvent(Duration.ZERO);
    assertThat(es.pendingTasks()).as("the 01:10 poll").isEqualTo(1);
  }

  @Test
  void aLatePollMakesNoCatchUpPolls() {
    List<Instant> calls = new CopyOnWriteArrayList<>();
    es.plugin(PollingServer.class).poller =
        stamping(
            calls,
            call -> {
              if (call == 2) {
                es.time().advance(Duration.ofMinutes(35)); // this call takes 35 minutes
              }
            });
    TestStream stream = es.open("poll", "interval: 10m");

    es.time().advance(Duration.ofHours(1));

    // 00:10 ended at 00:45: the polls planned for 00:20, 00:30 and 00:40 are not made up
    assertThat(texts(stream.awaitEvents(4, WAIT)))
        .containsExactly(
            "2026-05-01T00:00:00Z",
            "2026-05-01T00:10:00Z",
            "2026-05-01T00:50:00Z",
            "2026-05-01T01:00:00Z");
    stream.expectNoEvent(Duration.ZERO);
  }

  @Test
  void failedPollsAreRetriedWithDoublingBackoffThenTheScheduleResumes() {
    List<Instant> calls = new CopyOnWriteArrayList<>();
    es.plugin(PollingServer.class).poller =
        stamping(
            calls,
            call -> {
              if (call <= 4) {
                throw new java.io.IOException("source down");
              }
            });
    TestStream stream = es.open("poll", "interval: 1h");

    es.time().advance(Duration.ofMinutes(1));
    assertThat(calls)
        .containsExactly(
            T0, T0.plusSeconds(1), T0.plusSeconds(3), T0.plusSeconds(7), T0.plusSeconds(15));
    assertThat(es.counter("eventsource.poll.failures")).isEqualTo(4);
    assertThat(texts(stream.awaitEvents(1, WAIT))).containsExactly("2026-05-01T00:00:15Z");

    es.time().advance(Duration.ofMinutes(59));
    assertThat(calls).as("back on the schedule: 01:00").hasSize(6).endsWith(T0.plusSeconds(3600));
    assertThat(stream.isOpen()).isTrue();
  }

  @Test
  void theBackoffNeverExceedsTheInterval() {
    List<Instant> calls = new CopyOnWriteArrayList<>();
    es.plugin(PollingServer.class).poller =
        stamping(
            calls,
            call -> {
              throw new IllegalStateException("always down");
            });
    es.open("poll", "interval: 5s");

    es.time().advance(Duration.ofSeconds(30));

    List<Long> seconds = new ArrayList<>();
    calls.forEach(c -> seconds.add(c.getEpochSecond() - T0.getEpochSecond()));
    assertThat(seconds).containsExactly(0L, 1L, 3L, 7L, 12L, 17L, 22L, 27L);
    assertThat(es.counter("eventsource.poll.failures")).isEqualTo(8);
  }

  @Test
  void aPausedClientHoldsThePollerBackAndLosesNothing() {
    AtomicInteger calls = new AtomicInteger();
    es.plugin(PollingServer.class).poller =
        stream ->
            last -> {
              long from = last.orElse(0L);
              calls.incrementAndGet();
              return List.of(
                  Polled.text(Long.toString(from + 1), from + 1),
                  Polled.text(Long.toString(from + 2), from + 2),
                  Polled.text(Long.toString(from + 3), from + 3));
            };
    TestStream stream = es.openPaused("poll", "interval: 1s");

    es.time().advance(Duration.ofMinutes(10));
    // 4 buffered: the first poll's 3 and one of the second's, which waits to emit the rest
    assertThat(calls).hasValue(2);
    assertThat(es.bufferedEvents()).isEqualTo(4);

    stream.resume();
    es.time().advance(Duration.ofSeconds(5)); // the held items go out, then polls resume
    List<String> got = texts(stream.awaitEvents(6 + 3 * 5, WAIT));
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= got.size(); i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(got).containsExactlyElementsOf(expected);
  }
}
