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
package io.argogeneric.samples.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Catch-up with --state-dir: the history a previous server process left on disk. */
class CatchUpOnDiskTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger SERVERS = new AtomicInteger();
  private static final String CONFIG =
      "schedule: \"@hourly\"\npersistence: {catchup: {enabled: true}}";

  @TempDir static Path root;
  private Path stateDir;

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(
              () -> {
                stateDir = root.resolve("server-" + SERVERS.incrementAndGet());
                return new CalendarEventSource(stateDir);
              })
          .withVirtualTime(Instant.parse("2026-11-26T05:30:00Z"));

  private static String event(String eventTime) {
    return "{\"eventTime\":\"" + eventTime + "\"}";
  }

  @Test
  @DisplayName(
      "A fresh server catches up from the last event time a previous process wrote, then keeps the file current")
  void catchUpAfterRestart() {
    // what the previous process left: the 02:00 slot was its last event
    new LastEventStore.InDirectory(stateDir).save("hourly", Instant.parse("2026-11-26T02:00:00Z"));
    TestStream stream = es.open("hourly", CONFIG);
    assertThat(stream.awaitEvents(3, WAIT))
        .extracting(ReceivedEvent::text)
        .containsExactly(
            event("2026-11-26 03:00:00 +0000 UTC"),
            event("2026-11-26 04:00:00 +0000 UTC"),
            event("2026-11-26 05:00:00 +0000 UTC"));
    assertThat(new LastEventStore.InDirectory(stateDir).lastEventTime("hourly"))
        .contains(Instant.parse("2026-11-26T05:00:00Z"));

    es.time().advance(Duration.ofMinutes(30));
    assertThat(stream.received()).hasSize(4);
    assertThat(new LastEventStore.InDirectory(stateDir).lastEventTime("hourly"))
        .contains(Instant.parse("2026-11-26T06:00:00Z"));
  }

  @Test
  @DisplayName(
      "A corrupt state file means no history: no catch-up, no crash, and the next event rewrites it")
  void corruptStateFile() throws IOException {
    Path file = new LastEventStore.InDirectory(stateDir).fileFor("hourly");
    Files.createDirectories(stateDir);
    Files.writeString(file, "\u0000garbage{");
    TestStream stream = es.open("hourly", CONFIG);
    stream.expectNoEvent(Duration.ofMillis(50));
    assertThat(stream.isOpen()).isTrue();
    es.time().advance(Duration.ofMinutes(30));
    assertThat(stream.awaitEvents(1, WAIT))
        .extracting(CalendarStreamTest::text)
        .containsExactly(event("2026-11-26 06:00:00 +0000 UTC m=+*"));
    assertThat(new LastEventStore.InDirectory(stateDir).lastEventTime("hourly"))
        .contains(Instant.parse("2026-11-26T06:00:00Z"));
  }

  @Test
  @DisplayName("Without catch-up enabled, nothing is read or written under the state directory")
  void noCatchUpNoState() {
    TestStream stream = es.open("hourly", "schedule: \"@hourly\"");
    es.time().advance(Duration.ofHours(2));
    assertThat(stream.received()).hasSize(2);
    assertThat(Files.exists(stateDir)).isFalse();
  }
}
