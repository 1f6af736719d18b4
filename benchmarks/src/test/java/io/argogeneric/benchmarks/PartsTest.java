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

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small parts the comparison's figures rest on. */
class PartsTest {

  @Test
  void payloadCarriesItsEmitTimeAndSequence() {
    Instant t = Instant.parse("2026-11-27T09:30:00.123456789Z");
    byte[] p = Payloads.create(100, Payloads.epochMicros(t), 42);
    assertThat(p).hasSize(100);
    ByteString b = ByteString.copyFrom(p);
    assertThat(Payloads.emitEpochMicros(b)).isEqualTo(1_795_771_800_123_456L);
    assertThat(Payloads.sequence(b)).isEqualTo(42);
    assertThat(Payloads.create(3, 0, 0)).hasSize(Payloads.HEADER_BYTES);
    assertThatThrownBy(() -> Payloads.sequence(ByteString.copyFromUtf8("short")))
        .hasMessageContaining("not a firehose payload");
  }

  @Test
  void histogramPercentilesAreExactBelowAMillisecondAndCloseAbove() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.record(i);
    }
    assertThat(h.percentile(0.5)).isEqualTo(500);
    assertThat(h.percentile(0.99)).isEqualTo(990);
    h.record(1_000_000);
    h.record(-5); // counted as 0
    assertThat(h.count()).isEqualTo(1002);
    assertThat(h.max()).isEqualTo(1_000_000);
    assertThat(h.percentile(1.0)).isBetween(984_000L, 1_000_000L);
    LatencyHistogram other = new LatencyHistogram();
    other.record(7);
    h.add(other);
    assertThat(h.count()).isEqualTo(1003);
    assertThat(new LatencyHistogram().percentile(0.99)).isZero();
    for (long v : new long[] {1023, 1024, 5000, 123_456_789L}) {
      long low = LatencyHistogram.lowerBound(LatencyHistogram.index(v));
      assertThat(low).isLessThanOrEqualTo(v).isGreaterThan((long) (v * 0.98));
    }
  }

  @Test
  void planPacesFromAnImmediateFirstEventAndStopsAtItsCount() {
    FirehosePlan paced = new FirehosePlan(100, 10_000, 25);
    assertThat(paced.tick()).isEqualTo(Duration.ofMillis(1));
    assertThat(paced.due(Duration.ZERO)).isEqualTo(1);
    assertThat(paced.due(Duration.ofMillis(1))).isEqualTo(11);
    assertThat(paced.due(Duration.ofSeconds(1))).isEqualTo(25);
    assertThat(paced.done(25)).isTrue();
    assertThat(new FirehosePlan(100, 10, 0).tick()).isEqualTo(Duration.ofMillis(100));
    assertThat(new FirehosePlan(100, 1.0 / 86_400, 0).tick()).isEqualTo(Duration.ofDays(1));
    assertThat(new FirehosePlan(100, 0, 0).done(Long.MAX_VALUE)).isFalse();
  }

  @Test
  void baselineConfigParsingRefusesWhatTheSdkRefuses() {
    assertThat(FirehosePlan.parse("payloadSize: 1024\nrate: 0.5\ncount: 3\n"))
        .isEqualTo(new FirehosePlan(1024, 0.5, 3));
    assertThat(FirehosePlan.parse(new FirehosePlan(64, 1000, 0).toConfig()))
        .isEqualTo(new FirehosePlan(64, 1000, 0));
    assertThatThrownBy(() -> FirehosePlan.parse("payloadsize: 10"))
        .hasMessage("payloadsize: unknown key");
    assertThatThrownBy(() -> FirehosePlan.parse("rate: fast"))
        .hasMessage("rate: not a number: fast");
    assertThatThrownBy(() -> FirehosePlan.parse("rate: -1"))
        .hasMessageContaining("rate: must be 0 or a positive");
    assertThatThrownBy(() -> FirehosePlan.parse("rate: NaN")).hasMessageContaining("rate:");
    assertThatThrownBy(() -> FirehosePlan.parse("count: -1"))
        .hasMessageContaining("count: must not be negative");
    assertThatThrownBy(() -> FirehosePlan.parse("payloadSize: 15"))
        .hasMessageContaining("payloadSize: must be 16..");
    assertThatThrownBy(() -> FirehosePlan.parse("just words"))
        .hasMessageContaining("not a 'key: value' line");
  }

  @Test
  void loadClientFlagsAreChecked() {
    LoadClient.Options o =
        LoadClient.Options.parse("--port", "9", "--streams=3", "--rate", "10", "--idle");
    assertThat(o.channels()).isEqualTo(3);
    assertThat(o.idle()).isTrue();
    assertThatThrownBy(() -> LoadClient.Options.parse("--streams", "2"))
        .hasMessageContaining("--port is required");
    assertThatThrownBy(() -> LoadClient.Options.parse("--port", "9", "--bogus", "1"))
        .hasMessage("unknown flag --bogus");
    assertThatThrownBy(() -> LoadClient.Options.parse("--port", "9", "--streams", "x"))
        .hasMessage("--streams: not a number: x");
    assertThatThrownBy(() -> LoadClient.Options.parse("--port", "9", "--streams", "0"))
        .hasMessageContaining("--streams must be at least 1");
    assertThatThrownBy(() -> LoadClient.Options.parse("--port", "9", "--duration", "0"))
        .hasMessageContaining("--duration must be positive");
    assertThatThrownBy(() -> LoadClient.Options.parse("--port", "9", "--payload-size", "4"))
        .hasMessageContaining("payloadSize");
    assertThatThrownBy(() -> LoadClient.Options.parse("--port")).hasMessage("--port needs a value");
  }

  @Test
  void cpuTimeIsReadForThisProcessAndRefusedForAMissingOne() {
    assertThat(ProcessCpu.seconds(ProcessHandle.current().pid())).isPositive();
    assertThat(ProcessCpu.ownSeconds()).isPositive();
    assertThatThrownBy(() -> ProcessCpu.seconds(Integer.MAX_VALUE))
        .hasMessageStartingWith("cannot read the CPU time of process " + Integer.MAX_VALUE);
  }

  @Test
  void jitTimeIsTakenPerCompilerThreadAndAnEndedThreadIsLeftInTheTotal() {
    ProcessCpu.Snapshot own = ProcessCpu.snapshot(ProcessHandle.current().pid());
    assertThat(own.jitSecondsByThread()).isNotEmpty(); // this JVM runs with C1 and C2
    assertThat(own.jitSecondsByThread().values())
        .allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));

    ProcessCpu.Snapshot before = new ProcessCpu.Snapshot(10.0, Map.of("41", 1.0, "42", 2.0));
    ProcessCpu.Snapshot after =
        new ProcessCpu.Snapshot(13.5, Map.of("42", 2.25, "43", 0.5)); // 41 ended, 43 new
    assertThat(after.secondsSince(before)).isEqualTo(3.5);
    assertThat(after.jitSecondsSince(before)).isEqualTo(0.75);
  }
}
