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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A tiny run of the latency floor, so that the tool cannot rot; it times nothing. */
class LatencyFloorTest {
  @Test
  void everyTimestampArrivesAndTheSummaryNamesItsPercentiles() throws Exception {
    String line =
        LatencyFloor.run(LatencyFloor.Options.parse("--rate", "2000", "--duration", "0.1"));
    assertThat(line)
        .matches(
            "rate=2000 seconds=0\\.1 events=200 p50_us=\\d+ p99_us=\\d+ p999_us=\\d+ max_us=\\d+");
  }

  @Test
  void refusesBadFlags() {
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--rate", "0"))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--rate", "x"))
        .hasMessageContaining("--rate: not a number");
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--duration"))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--count", "1"))
        .hasMessageContaining("unknown flag --count");
  }
}
