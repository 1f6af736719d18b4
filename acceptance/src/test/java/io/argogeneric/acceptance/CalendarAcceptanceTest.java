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
package io.argogeneric.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 4's acceptance (and issue 2's): the calendar jar as a user runs it, read by grpc-js. */
class CalendarAcceptanceTest {
  private static Processes.Server server;

  @BeforeAll
  static void start() throws Exception {
    server =
        Processes.startJar(
            "samples/calendar/target/calendar-eventsource.jar",
            "--port",
            "0",
            "--bind",
            "127.0.0.1");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  @DisplayName(
      "with interval: 1s an independent client gets an event each second whose JSON has eventTime")
  void intervalEvents() throws Exception {
    NodeClient.Result r =
        NodeClient.stream(server.port(), "daily", "interval: 1s", 3, Duration.ofSeconds(20));
    assertThat(r.status()).isEqualTo("count");
    assertThat(r.events()).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    long previous = -1;
    for (JsonNode e : r.events()) {
      JsonNode payload = json.readTree(e.get("payload").asText());
      // Go's time.Now().String(): a live timer event carries the monotonic clock reading, as in
      // Argo
      assertThat(payload.path("eventTime").asText())
          .matches(
              "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC m=\\+\\d+\\.\\d{9}");
      long ms = e.get("ms").asLong();
      if (previous >= 0) {
        assertThat(ms - previous).as("gap between events").isBetween(500L, 2500L);
      }
      previous = ms;
    }
  }

  @Test
  @DisplayName(
      "with schedule: \"61 * * * *\" an independent client gets INVALID_ARGUMENT naming schedule")
  void badSchedule() throws Exception {
    NodeClient.Result r =
        NodeClient.stream(
            server.port(), "bad", "schedule: \"61 * * * *\"", 1, Duration.ofSeconds(20));
    assertThat(r.status()).isEqualTo("INVALID_ARGUMENT");
    assertThat(r.end().path("details").asText()).startsWith("schedule:");
    assertThat(r.events()).isEmpty();
  }
}
