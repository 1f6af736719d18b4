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

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.Polled;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** StreamContext.poll over a real gRPC stream on real time: the engine's polling primitive. */
class PollingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InProcessEngine served = new InProcessEngine();

  @AfterEach
  void tearDown() throws Exception {
    served.close();
  }

  private StreamContext<CapturingPlugin.Config> open(CapturingPlugin plugin, EventReader[] reader)
      throws Exception {
    served.serve(plugin, b -> {});
    reader[0] = EventReader.open(served.channel, "poll", "{}");
    return plugin.awaitStream();
  }

  private double counter(String name) {
    var c = served.registry.find(name).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  @DisplayName("the first poll runs at once, not an interval later; its items reach the client")
  void firstPollAtOnce() throws Exception {
    EventReader[] reader = new EventReader[1];
    StreamContext<CapturingPlugin.Config> run = open(new CapturingPlugin(), reader);
    AtomicInteger calls = new AtomicInteger();
    run.poll(
        Duration.ofHours(1),
        Long.class,
        last -> List.of(Polled.text("call " + calls.incrementAndGet(), 1L)));
    reader[0].awaitReceived(1, WAIT);
    assertThat(reader[0].received).containsExactly("call 1");
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("polls follow the schedule: each is planned from the previous planned instant")
  void followsTheSchedule() throws Exception {
    EventReader[] reader = new EventReader[1];
    StreamContext<CapturingPlugin.Config> run = open(new CapturingPlugin(), reader);
    List<java.time.Instant> asked = new CopyOnWriteArrayList<>();
    java.time.Instant start = run.scheduler().now();
    AtomicInteger calls = new AtomicInteger();
    run.poll(
        previous -> {
          asked.add(previous);
          return previous.plusMillis(20);
        },
        Long.class,
        last -> {
          int n = calls.incrementAndGet();
          return List.of(Polled.text(Integer.toString(n), (long) n));
        });
    reader[0].awaitReceived(5, WAIT);
    assertThat(reader[0].received.subList(0, 5)).containsExactly("1", "2", "3", "4", "5");
    // the first planned instant comes from the poll's start; each later one from the one before
    assertThat(asked.get(0)).isBetween(start, start.plusSeconds(5));
    for (int i = 1; i < asked.size(); i++) {
      assertThat(asked.get(i)).isAfter(asked.get(i - 1));
      assertThat(Duration.between(asked.get(0), asked.get(i)).toMillis() % 20).isZero();
    }
  }

  @Test
  @DisplayName(
      "a slow poller on a short interval never runs twice at once, and never on a gRPC or timer thread")
  void neverOverlaps() throws Exception {
    EventReader[] reader = new EventReader[1];
    StreamContext<CapturingPlugin.Config> run = open(new CapturingPlugin(), reader);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    List<String> threads = new CopyOnWriteArrayList<>();
    run.poll(
        Duration.ofMillis(1),
        Long.class,
        last -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          threads.add(Thread.currentThread().getName());
          try {
            Thread.sleep(30); // the work of a slow source, 30 intervals long
          } finally {
            inside.decrementAndGet();
          }
          calls.incrementAndGet();
          return List.of();
        });
    Waits.until("10 polls", WAIT, () -> calls.get() >= 10);
    assertThat(most).as("polls under way at once").hasValue(1);
    assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("eventsource-poll-"));
  }

  @Test
  @DisplayName(
      "each poll is given the position of the last item emitted; items without one leave it")
  void passesTheLastPosition() throws Exception {
    EventReader[] reader = new EventReader[1];
    StreamContext<CapturingPlugin.Config> run = open(new CapturingPlugin(), reader);
    List<Optional<Long>> given = new CopyOnWriteArrayList<>();
    AtomicLong next = new AtomicLong(1);
    run.poll(
        Duration.ofMillis(5),
        Long.class,
        last -> {
          given.add(last);
          long a = next.getAndAdd(2);
          int call = given.size();
          // every third poll ends with an item without a position, every fourth returns nothing
          if (call % 4 == 0) {
            return List.of();
          }
          return call % 3 == 0
              ? List.of(Polled.text("p" + a, a), Polled.text("nopos", null))
              : List.of(Polled.text("p" + a, a), Polled.text("p" + (a + 1), a + 1));
        });
    Waits.until("12 polls", WAIT, () -> given.size() >= 12);
    List<Optional<Long>> seen = new ArrayList<>(given); // it grows while the stream polls on
    List<Optional<Long>> expected = new ArrayList<>();
    expected.add(Optional.empty()); // no position recorded for this identity yet
    long a = 1;
    Optional<Long> last = Optional.empty();
    for (int call = 1; call < seen.size(); call++) {
      if (call % 4 != 0) {
        last = Optional.of(call % 3 == 0 ? a : a + 1);
      }
      a += 2;
      expected.add(last);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("the first poll of a new run is given the position the identity's previous run left")
  void firstPollGetsTheRecordedPosition() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin();
    served.serve(plugin, b -> {});
    EventReader first = EventReader.open(served.channel, "poll", "{}");
    StreamContext<CapturingPlugin.Config> earlier = plugin.awaitStream();
    earlier.poll(
        Duration.ofHours(1),
        Long.class,
        last -> List.of(Polled.text("a", 1L), Polled.text("b", 2L), Polled.text("c", 3L)));
    first.awaitReceived(3, WAIT);
    Waits.until(
        "position 3 recorded",
        WAIT,
        () -> earlier.lastPosition(Long.class).equals(Optional.of(3L)));
    first.cancel();
    Waits.until("the first run stopped", WAIT, () -> plugin.stops.get() == 1);

    EventReader second = EventReader.open(served.channel, "poll", "{}"); // the same identity
    StreamContext<CapturingPlugin.Config> next = plugin.awaitStream();
    List<Optional<Long>> given = new CopyOnWriteArrayList<>();
    next.poll(
        Duration.ofMillis(5),
        Long.class,
        last -> {
          given.add(last);
          return given.size() == 1 ? List.of(Polled.text("d", 4L)) : List.of();
        });
    Waits.until("2 polls", WAIT, () -> given.size() >= 2);
    assertThat(given.subList(0, 2)).containsExactly(Optional.of(3L), Optional.of(4L));
    second.awaitReceived(1, WAIT);
    assertThat(second.received).containsExactly("d");
  }

  @ParameterizedTest
  @EnumSource(OverflowPolicy.class)
  @DisplayName(
      "a client that does not read holds the poller back, whatever the policy; nothing is dropped; all arrives in order once it reads")
  void backpressure(OverflowPolicy policy) throws Exception {
    CapturingPlugin plugin =
        new CapturingPlugin()
            .withSettings(
                StreamSettings.defaults().withMaxBufferedEvents(4).withOverflowPolicy(policy));
    served.serve(plugin, b -> {});
    EventReader reader = EventReader.open(served.channel, "poll", "{}", 0);
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    AtomicInteger calls = new AtomicInteger();
    AtomicLong made = new AtomicLong();
    String padding = "x".repeat(1000);
    run.poll(
        Duration.ofMillis(2),
        Long.class,
        last -> {
          calls.incrementAndGet();
          List<Polled<Long>> items = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            long n = made.getAndIncrement();
            items.add(Polled.text(n + ":" + padding, n));
          }
          return items;
        });
    Waits.until("a full buffer", WAIT, () -> served.engine.bufferedEvents() == 4);
    int callsWhenFull = calls.get();
    long madeWhenFull = made.get();
    assertThat(callsWhenFull).as("the poll whose items did not all fit").isEqualTo(2);

    // another stream polls on the same interval: once it has polled 50 times, this one could have
    EventReader other = EventReader.open(served.channel, "poll", "{}");
    StreamContext<CapturingPlugin.Config> clock = plugin.awaitStream();
    AtomicInteger ticks = new AtomicInteger();
    clock.poll(
        Duration.ofMillis(2),
        Long.class,
        last -> {
          ticks.incrementAndGet();
          return List.of();
        });
    Waits.until("50 polls of another stream", WAIT, () -> ticks.get() >= 50);
    assertThat(calls).as("polls while the client does not read").hasValue(callsWhenFull);
    assertThat(made).hasValue(madeWhenFull);
    assertThat(served.engine.bufferedEvents()).isEqualTo(4);
    assertThat(run.isActive()).isTrue();
    assertThat(served.registry.find("eventsource.events.dropped").counters())
        .as("nothing dropped, nothing counted as dropped")
        .allSatisfy(c -> assertThat(c.count()).isZero());

    reader.request(Integer.MAX_VALUE);
    reader.awaitReceived((int) madeWhenFull, WAIT);
    Waits.until("polling resumed", WAIT, () -> calls.get() > callsWhenFull + 3);
    List<String> firsts = new ArrayList<>();
    for (String received : reader.received) {
      firsts.add(received.substring(0, received.indexOf(':')));
    }
    List<String> expected = new ArrayList<>();
    for (long i = 0; i < firsts.size(); i++) {
      expected.add(Long.toString(i));
    }
    assertThat(firsts).as("every item, in order").containsExactlyElementsOf(expected);
    other.cancel();
  }

  @Test
  @DisplayName(
      "a failed poll is logged, counted, and retried; the next success emits and the stream stays open")
  void failuresAreCountedAndRetried() throws Exception {
    EventReader[] reader = new EventReader[1];
    StreamContext<CapturingPlugin.Config> run = open(new CapturingPlugin(), reader);
    AtomicInteger calls = new AtomicInteger();
    run.poll(
        Duration.ofMillis(50), // caps the backoff, so the retries come quickly
        Long.class,
        last -> {
          if (calls.incrementAndGet() <= 3) {
            throw new java.io.IOException("source down");
          }
          return List.of(Polled.text("up after " + last, 1L));
        });
    reader[0].awaitReceived(1, WAIT);
    assertThat(reader[0].received.get(0)).isEqualTo("up after Optional.empty");
    assertThat(counter("eventsource.poll.failures")).isEqualTo(3);
    assertThat(run.isActive()).isTrue();
    assertThat(reader[0].end).isNotDone();
  }

  @Test
  @DisplayName(
      "when the stream ends, polls stop; a poll under way finishes and its items are not emitted")
  void stopsWhenTheStreamEnds() throws Exception {
    CapturingPlugin plugin = new CapturingPlugin();
    served.serve(plugin, b -> {});
    EventReader first = EventReader.open(served.channel, "poll", "{}");
    StreamContext<CapturingPlugin.Config> run = plugin.awaitStream();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    run.poll(
        Duration.ofMillis(5),
        Long.class,
        last -> {
          if (calls.incrementAndGet() == 3) {
            inPoll.countDown();
            release.await(); // the stream ends during this call
            return List.of(Polled.text("after the end", 9L));
          }
          return List.of(Polled.text("item", (long) calls.get()));
        });
    assertThat(inPoll.await(10, TimeUnit.SECONDS)).isTrue();
    double emitted = counter("eventsource.events.emitted");
    first.cancel();
    Waits.until("the run stopped", WAIT, () -> plugin.stops.get() == 1);
    release.countDown();

    // another stream polls on: once it has polled 10 times, the ended one had time to poll again
    EventReader second = EventReader.open(served.channel, "poll", "{}");
    StreamContext<CapturingPlugin.Config> other = plugin.awaitStream();
    AtomicInteger ticks = new AtomicInteger();
    other.poll(
        Duration.ofMillis(5),
        Long.class,
        last -> {
          ticks.incrementAndGet();
          return List.of();
        });
    Waits.until("10 polls of the other stream", WAIT, () -> ticks.get() >= 10);
    assertThat(calls).as("polls of the ended stream").hasValue(3);
    assertThat(((StreamRun<?>) run).pendingTasks()).as("timers of the ended stream").isZero();
    assertThat(counter("eventsource.events.emitted"))
        .as("emitted since the end")
        .isEqualTo(emitted);
    second.cancel();
    assertThat(first.received).doesNotContain("after the end");
    assertThat(counter("eventsource.poll.failures")).isZero();
  }

  @Test
  @DisplayName("a cancelled handle polls no more while its stream goes on")
  void cancelledHandleStops() throws Exception {
    EventReader[] reader = new EventReader[1];
    StreamContext<CapturingPlugin.Config> run = open(new CapturingPlugin(), reader);
    AtomicInteger calls = new AtomicInteger();
    Cancellable handle =
        run.poll(
            Duration.ofMillis(5),
            Long.class,
            last -> {
              calls.incrementAndGet();
              return List.of();
            });
    Waits.until("3 polls", WAIT, () -> calls.get() >= 3);
    handle.cancel();
    int atCancel = calls.get();
    AtomicInteger ticks = new AtomicInteger();
    run.poll(
        Duration.ofMillis(5),
        Long.class,
        last -> {
          ticks.incrementAndGet();
          return List.of();
        });
    Waits.until("10 polls of another handle", WAIT, () -> ticks.get() >= 10);
    // a call already under way when cancel() came may finish
    assertThat(calls.get()).isBetween(atCancel, atCancel + 1);
    assertThat(run.isActive()).isTrue();
  }
}
