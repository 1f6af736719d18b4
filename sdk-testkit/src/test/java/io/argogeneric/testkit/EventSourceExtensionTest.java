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

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/** The fake client in-process, on virtual time. */
class EventSourceExtensionTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension
  final EventSourceExtension es = EventSourceExtension.of(TickerServer::new).withVirtualTime(START);

  @Test
  void anHourOfVirtualTimeGivesExactlyThatHoursEvents() {
    TestStream stream = es.open("ticks", "interval: 1s");
    es.time().advance(Duration.ofHours(1));

    assertThat(stream.received()).hasSize(3600); // delivered while advancing: no wait needed
    List<ReceivedEvent> events = stream.awaitEvents(3600, Duration.ZERO);
    assertThat(events.get(0).json().get("n").asLong()).isEqualTo(1);
    assertThat(events.get(3599).json().get("n").asLong()).isEqualTo(3600);
    stream.expectNoEvent(Duration.ZERO);
    assertThat(es.counter("eventsource.events.written")).isEqualTo(3600.0);
  }

  @Test
  void aDailyPluginOverThirtyVirtualDaysGivesThirtyEvents() {
    TestStream stream = es.open("daily", "interval: 24h");
    es.time().advance(Duration.ofDays(30).minusSeconds(1));
    assertThat(stream.received()).hasSize(29);
    es.time().advance(Duration.ofSeconds(1));
    assertThat(stream.received()).hasSize(30);
    assertThat(es.time().now()).isEqualTo(START.plus(Duration.ofDays(30)));
  }

  @Test
  void decodesPayloadsAsTextBytesJsonAndClass() {
    TestStream stream = es.open("decode", "interval: 1s\npadding: 2");
    es.time().advance(Duration.ofSeconds(1));
    ReceivedEvent event = stream.awaitEvent(TIMEOUT);

    assertThat(event.text()).isEqualTo("{\"n\":1,\"pad\":\"xx\"}");
    assertThat(event.bytes())
        .isEqualTo(event.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(event.json().get("pad").asText()).isEqualTo("xx");
    assertThat(event.json(TickerServer.Tick.class)).isEqualTo(new TickerServer.Tick(1, "xx"));
    assertThat(event.raw().getName()).isEqualTo("decode");
    assertThatThrownBy(() -> event.json(Integer.class))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("does not bind to Integer");
  }

  @Test
  void awaitEventsFailureSaysHowManyCame() {
    TestStream stream = es.open("few", "interval: 1s");
    es.time().advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> stream.awaitEvents(3, Duration.ofMillis(50)))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "stream 'few': expected 3 events within 50ms, got 1: {\"n\":1,\"pad\":\"\"}; 1"
                + " virtual-time task is pending, the next due at 2026-01-01T00:00:02Z (now"
                + " 2026-01-01T00:00:01Z): advance es.time() to run it");
  }

  @Test
  void awaitEventsFailsAtOnceWhenTheStreamHasEnded() {
    TestStream stream = es.open("bad", "interval: 0s");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> stream.awaitEvents(1, Duration.ofSeconds(30)))
        .hasMessageContaining(
            "expected 1 event within 30s, got 0; the stream ended with INVALID_ARGUMENT: interval");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void expectNoEventFailsWhenAnUnreadEventIsThere() {
    TestStream stream = es.open("quiet", "interval: 1s");
    es.time().advance(Duration.ofMillis(999));
    stream.expectNoEvent(Duration.ofMillis(10));
    es.time().advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> stream.expectNoEvent(Duration.ZERO))
        .hasMessageContaining("expected no event within 0s, got 1");
  }

  @Test
  void assertEndedWithChecksCodeAndDescription() {
    TestStream stream = es.open("bad", "interval: 0s");
    stream.assertEndedWith(Status.Code.INVALID_ARGUMENT, "interval", TIMEOUT);
    assertThat(stream.awaitEnd(TIMEOUT).getDescription()).contains("must be positive");
    assertThatThrownBy(
            () -> stream.assertEndedWith(Status.Code.INVALID_ARGUMENT, "padding", TIMEOUT))
        .hasMessageStartingWith(
            "stream 'bad': expected it to end with INVALID_ARGUMENT containing 'padding', but it ended with INVALID_ARGUMENT: interval");
    assertThat(es.pluginRunsStarted()).isZero();
  }

  @Test
  void awaitEndFailsWhenTheStreamStaysOpen() {
    TestStream stream = es.open("open", "interval: 1s");
    assertThatThrownBy(() -> stream.awaitEnd(Duration.ofMillis(20)))
        .hasMessage("stream 'open' did not end within 20ms (0 events received)");
  }

  @Test
  void aPausedReaderReadsExactlyWhatItRequests() {
    TestStream stream = es.openPaused("slow", "interval: 1s");
    es.time().advance(Duration.ofSeconds(10));
    assertThat(stream.received()).isEmpty();
    assertThat(es.bufferedEvents()).isEqualTo(10);
    assertThat(es.bufferedBytes()).isPositive();

    stream.request(1);
    assertThat(stream.awaitEvent(TIMEOUT).json().get("n").asLong()).isEqualTo(1);
    assertThat(es.bufferedEvents()).isEqualTo(9);
    stream.request(2);
    assertThat(stream.awaitEvents(2, TIMEOUT))
        .extracting(e -> e.json().get("n").asLong())
        .containsExactly(2L, 3L);
    stream.expectNoEvent(Duration.ofMillis(20));
    assertThat(es.bufferedEvents()).isEqualTo(7);

    stream.resume();
    assertThat(stream.awaitEvents(7, TIMEOUT))
        .extracting(e -> e.json().get("n").asLong())
        .containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(es.bufferedEvents()).isZero();
  }

  @Test
  void pausingAFreeReaderStopsDeliveryAfterAtMostOneMoreEvent() {
    TestStream stream = es.open("pause", "interval: 1s");
    es.time().advance(Duration.ofSeconds(3));
    assertThat(stream.awaitEvents(3, TIMEOUT)).hasSize(3);

    stream.pause();
    es.time().advance(Duration.ofSeconds(5));
    assertThat(stream.received()).hasSize(4); // the one already asked for
    assertThat(es.bufferedEvents()).isEqualTo(4);

    stream.resume();
    stream.awaitEvents(5, TIMEOUT);
    assertThat(stream.received()).hasSize(8);
  }

  @Test
  void cancelStopsThePluginAndLeavesNoTask() {
    TestStream stream = es.open("cancel", "interval: 1s");
    es.time().advance(Duration.ofSeconds(2));
    assertThat(es.pendingTasks()).isEqualTo(1);

    stream.cancel();
    es.awaitCondition(
        "the ticker to stop",
        Duration.ofMillis(100),
        () -> es.plugin(TickerServer.class).stops.get() == 1);
    assertThat(es.pendingTasks()).isZero();
    assertThat(es.time().pendingTasks()).isZero();
    assertThat(es.activeStreams()).isZero();
    assertThat(stream.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.CANCELLED);
    es.time().advance(Duration.ofSeconds(5));
    assertThat(stream.received()).hasSize(2);
  }

  @Test
  void droppingTheConnectionStopsThePluginAndLeavesNoTask() {
    TestStream stream = es.open("drop", "interval: 1s");
    es.time().advance(Duration.ofSeconds(1));

    stream.dropConnection();
    es.awaitCondition(
        "the ticker to stop",
        Duration.ofMillis(100),
        () -> es.plugin(TickerServer.class).stops.get() == 1 && es.pluginRunsStopped() == 1);
    assertThat(es.pendingTasks()).isZero();
    assertThat(es.time().pendingTasks()).isZero();
    assertThat(stream.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void streamsAreIndependentRuns() {
    TestStream a = es.open("a", "interval: 1s");
    es.time().advance(Duration.ofSeconds(2));
    TestStream b = es.open("b", "interval: 2s");
    es.time().advance(Duration.ofSeconds(4));

    assertThat(a.received())
        .extracting(e -> e.json().get("n").asLong())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(b.received()).extracting(e -> e.json().get("n").asLong()).containsExactly(1L, 2L);
    assertThat(es.activeStreams()).isEqualTo(2);
    assertThat(es.pluginRunsStarted()).isEqualTo(2);
  }

  @Test
  void reconnectEndsTheStreamAsArgoDoesAndOpensTheNextWithTheSameConfig() {
    TestStream first = es.open("again", "interval: 1s\npadding: 1");
    es.time().advance(Duration.ofSeconds(2));
    first.awaitEvents(2, TIMEOUT);

    TestStream second = first.reconnect();

    assertThat(first.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(second.eventName()).isEqualTo("again");
    assertThat(es.activeStreams()).isEqualTo(1); // the server had handled the cancel
    assertThat(es.pluginRunsStarted()).isEqualTo(2);
    es.awaitCondition("the first run to stop", TIMEOUT, () -> es.pluginRunsStopped() == 1);
    es.time().advance(Duration.ofSeconds(1));
    assertThat(second.awaitEvent(TIMEOUT).json(TickerServer.Tick.class))
        .isEqualTo(new TickerServer.Tick(1, "x")); // a fresh run, with the same config
    assertThat(first.received()).hasSize(2);
  }

  @Test
  void reconnectAfterTheServerEndedTheStreamDialsAgain() {
    TestStream refused = es.open("bad", "interval: 0s");
    refused.assertEndedWith(Status.Code.INVALID_ARGUMENT, "interval", TIMEOUT);

    refused.reconnect().assertEndedWith(Status.Code.INVALID_ARGUMENT, "interval", TIMEOUT);
    assertThat(es.counter("eventsource.streams.total", "outcome", "INVALID_ARGUMENT"))
        .isEqualTo(2.0);
  }

  @Test
  void countersSumOverTagsAndAreZeroWhenAbsent() {
    es.open("x", "interval: 0s");
    assertThat(es.counter("eventsource.config.errors", "field", "interval")).isEqualTo(1.0);
    assertThat(es.counter("eventsource.streams.total")).isEqualTo(1.0);
    assertThat(es.counter("no.such.meter")).isZero();
    assertThatThrownBy(() -> es.counter("eventsource.streams.total", "outcome"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void awaitConditionFailsWithWhatItWaitedFor() {
    assertThatThrownBy(() -> es.awaitCondition("pigs to fly", Duration.ofMillis(10), () -> false))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("timed out after 10ms waiting for pigs to fly");
  }

  @Test
  void misuseIsRefusedWithAClearMessage() {
    assertThatThrownBy(es::port)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("overLoopback()");
    assertThatThrownBy(es::overLoopback).isInstanceOf(IllegalStateException.class);

    EventSourceExtension noTime = EventSourceExtension.of(TickerServer::new);
    assertThatThrownBy(noTime::time)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }

  @Test
  void timeWithoutVirtualTimeIsRefused() throws Exception {
    EventSourceExtension realTime = EventSourceExtension.of(TickerServer::new);
    realTime.start();
    try {
      assertThatThrownBy(realTime::time)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("withVirtualTime");
    } finally {
      realTime.stop();
    }
  }
}
