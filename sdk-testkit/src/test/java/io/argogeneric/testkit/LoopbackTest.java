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

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fake client over a real socket, with the server requiring a bearer token. */
class LoopbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String TOKEN = "s3cret-token";

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(TickerServer::new)
          .overLoopback()
          .withVirtualTime(Instant.parse("2026-01-01T00:00:00Z"))
          .withAuthToken(TOKEN);

  @Test
  void eventsArriveInOrderOverARealSocket() {
    assertThat(es.port()).isPositive();
    TestStream stream = es.open("ticks", "interval: 1s", TOKEN);
    es.time().advance(Duration.ofSeconds(100));

    List<ReceivedEvent> events = stream.awaitEvents(100, TIMEOUT);
    for (int i = 0; i < 100; i++) {
      assertThat(events.get(i).json().get("n").asLong()).isEqualTo(i + 1);
    }
  }

  @Test
  void aMissingOrWrongTokenIsRefusedBeforeThePluginRuns() {
    es.open("none", "interval: 1s")
        .assertEndedWith(Status.Code.UNAUTHENTICATED, "missing authorization", TIMEOUT);
    es.open("wrong", "interval: 1s", "guess")
        .assertEndedWith(Status.Code.UNAUTHENTICATED, "invalid bearer token", TIMEOUT);
    assertThat(es.pluginRunsStarted()).isZero();
    assertThat(es.counter("eventsource.auth.failures")).isEqualTo(2.0);
  }

  @Test
  void aReaderThatStopsHoldsTheServerToFlowControlInBytes() {
    // 200 events of ~16 KiB: far more than the client's 64 KiB window plus gRPC's 32 KiB
    TestStream stream = es.openPaused("big", "interval: 1s\npadding: 16384", TOKEN);
    es.time().advance(Duration.ofSeconds(200));
    es.awaitCondition(
        "the server to stop writing and buffer the rest", TIMEOUT, () -> es.bufferedEvents() > 0);
    long buffered = es.bufferedEvents();
    assertThat(buffered).isLessThanOrEqualTo(200);
    assertThat(stream.received()).isEmpty();

    stream.resume();
    List<ReceivedEvent> events = stream.awaitEvents(200, TIMEOUT);
    assertThat(events.get(199).json().get("n").asLong()).isEqualTo(200);
    es.awaitCondition("the buffer to drain", TIMEOUT, () -> es.bufferedEvents() == 0);
  }

  @Test
  void cancelOverTheSocketStopsThePlugin() {
    TestStream stream = es.open("cancel", "interval: 1s", TOKEN);
    es.time().advance(Duration.ofSeconds(1));
    stream.awaitEvent(TIMEOUT);

    stream.cancel();
    es.awaitCondition(
        "the ticker to stop",
        Duration.ofMillis(100),
        () -> es.plugin(TickerServer.class).stops.get() == 1);
    assertThat(es.pendingTasks()).isZero();
    assertThat(es.time().pendingTasks()).isZero();
  }

  @Test
  void aDroppedConnectionStopsThePlugin() {
    TestStream stream = es.open("drop", "interval: 1s", TOKEN);
    es.time().advance(Duration.ofSeconds(1));
    stream.awaitEvent(TIMEOUT);

    stream.dropConnection();
    es.awaitCondition(
        "the ticker to stop after the socket closed",
        Duration.ofSeconds(1),
        () -> es.plugin(TickerServer.class).stops.get() == 1 && es.activeStreams() == 0);
    assertThat(es.pendingTasks()).isZero();
    assertThat(es.time().pendingTasks()).isZero();
    assertThat(stream.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void reconnectOverTheSocketKeepsTheTokenAndReplacesTheRun() {
    TestStream first = es.open("again", "interval: 1s", TOKEN);
    es.time().advance(Duration.ofSeconds(1));
    first.awaitEvent(TIMEOUT);

    TestStream second = first.reconnect();

    // the server has handled the first call's cancel when reconnect returns: no wait needed
    assertThat(es.activeStreams()).isEqualTo(1);
    assertThat(es.pluginRunsStarted()).isEqualTo(2);
    assertThat(first.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.CANCELLED);
    es.time().advance(Duration.ofSeconds(1));
    assertThat(second.awaitEvent(TIMEOUT).json().get("n").asLong()).isEqualTo(1); // a fresh run
    assertThat(second.isOpen()).isTrue();
  }
}
