package io.argogeneric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A tiny run of the latency floor, so that the tool cannot rot; it times nothing. */
class LatencyFloorTest {
  @Test
  void everyTimestampArrivesAndTheSummaryNamesItsPercentiles() throws Exception {
    String line = LatencyFloor.run(2000, 0.1);
    assertThat(line).matches("rate=2000 seconds=0\\.1 events=200 p50_us=\\d+ p99_us=\\d+ p999_us=\\d+ max_us=\\d+");
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> LatencyFloor.run(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
