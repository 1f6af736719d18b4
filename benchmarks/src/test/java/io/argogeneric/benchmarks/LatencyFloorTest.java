package io.argogeneric.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A tiny run of the latency floor, so that the tool cannot rot; it times nothing. */
class LatencyFloorTest {
  @Test
  void everyTimestampArrivesAndTheSummaryNamesItsPercentiles() throws Exception {
    String line = LatencyFloor.run(LatencyFloor.Options.parse("--rate", "2000", "--duration", "0.1"));
    assertThat(line).matches("rate=2000 seconds=0\\.1 events=200 p50_us=\\d+ p99_us=\\d+ p999_us=\\d+ max_us=\\d+");
  }

  @Test
  void refusesBadFlags() {
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--rate", "0")).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--rate", "x")).hasMessageContaining("--rate: not a number");
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--duration")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LatencyFloor.Options.parse("--count", "1")).hasMessageContaining("unknown flag --count");
  }
}
