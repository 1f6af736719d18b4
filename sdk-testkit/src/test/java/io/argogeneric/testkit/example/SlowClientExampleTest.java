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
package io.argogeneric.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.TestStream;
import io.argogeneric.testkit.TickerServer;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docs/testing.md quotes this class: the fake client on its own, without the contract. */
class SlowClientExampleTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(TickerServer::new)
          .withVirtualTime(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void aSlowEventBusGetsEveryEventOnceItReads() {
    TestStream stream = es.openPaused("ticks", "interval: 1s"); // asks for nothing yet
    es.time().advance(Duration.ofSeconds(5));
    assertThat(stream.received()).isEmpty();
    assertThat(es.bufferedEvents()).isEqualTo(5); // held by the SDK, within the plugin's bound

    stream.request(1); // read one event
    assertThat(stream.awaitEvent(WAIT).json().get("n").asInt()).isEqualTo(1);

    stream.resume(); // read freely again
    assertThat(stream.awaitEvents(4, WAIT)).hasSize(4);
  }

  @Test
  void aVanishedClientStopsThePlugin() {
    TestStream stream = es.open("ticks", "interval: 1s");
    es.time().advance(Duration.ofSeconds(3));
    stream.awaitEvents(3, WAIT);

    stream.dropConnection();

    es.awaitCondition(
        "the plugin's run to stop", Duration.ofMillis(100), () -> es.pluginRunsStopped() == 1);
    assertThat(es.pendingTasks()).isZero(); // no timer left behind
    assertThat(es.time().pendingTasks()).isZero();
  }

  @Test
  void aBadConfigEndsTheStreamNamingTheField() {
    TestStream stream = es.open("ticks", "interval: soon");
    stream.assertEndedWith(Status.Code.INVALID_ARGUMENT, "interval", WAIT);
  }
}
