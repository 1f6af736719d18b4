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
package io.argogeneric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.benchmarks.jmh.CalendarLikeConfig;
import io.argogeneric.benchmarks.jmh.ConfigBindingBenchmark;
import io.argogeneric.benchmarks.jmh.EmitPathBenchmark;
import io.argogeneric.benchmarks.jmh.JsonPayloadBenchmark;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each JMH benchmark body once, outside JMH: they must keep compiling and working. No timing. */
class BenchmarkBodiesTest {

  @Test
  void configBindingBindsTheTypicalCalendarConfig() throws Exception {
    CalendarLikeConfig config = new ConfigBindingBenchmark().bindCalendarConfig();
    assertThat(config.schedule()).isEqualTo("CRON_TZ=Europe/Paris 30 9 * * 1-5");
    assertThat(config.exclusionDates()).hasSize(2);
    assertThat(config.persistence().catchup().maxDuration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void jsonPayloadsEncodeWithIsoDates() throws Exception {
    JsonPayloadBenchmark b = new JsonPayloadBenchmark();
    assertThat(new String(b.encodeCalendarEvent(), StandardCharsets.UTF_8))
        .startsWith("{\"eventTime\":\"2026-11-27T09:30:00Z\"")
        .contains("\"team\":\"payments\"");
    assertThat(new String(b.encodeWebhookEvent(), StandardCharsets.UTF_8))
        .contains("\"number\":1347");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sdk", "sdk-push", "baseline"})
  void emitPathDeliversABatchOnTheInProcessTransport(String server) throws Exception {
    EmitPathBenchmark b = new EmitPathBenchmark();
    b.server = server;
    b.payloadSize = 100;
    b.start();
    try {
      b.receiveEvents(); // throws unless a whole batch arrives
      b.receiveEvents();
    } finally {
      b.stop();
    }
  }
}
