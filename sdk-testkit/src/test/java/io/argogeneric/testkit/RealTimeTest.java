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

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without virtual time the plugin runs on the SDK's real timers. */
class RealTimeTest {
  @RegisterExtension final EventSourceExtension es = EventSourceExtension.of(TickerServer::new);

  @Test
  void eventsComeOnRealTimers() {
    TestStream stream = es.open("real", "interval: 10ms");
    assertThat(stream.awaitEvents(3, Duration.ofSeconds(5)))
        .extracting(e -> e.json().get("n").asLong())
        .containsExactly(1L, 2L, 3L);
    stream.close();
    es.awaitCondition("the run to stop", Duration.ofMillis(100), () -> es.pluginRunsStopped() == 1);
    assertThat(es.pendingTasks()).isZero();
  }
}
