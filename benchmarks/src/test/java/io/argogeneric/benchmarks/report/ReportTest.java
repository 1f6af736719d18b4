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
package io.argogeneric.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report tool on small fixtures of raw lines, and the committed docs against the committed raw
 * lines.
 */
class ReportTest {
  @TempDir Path dir;

  private Results results(String raw) throws IOException {
    Files.writeString(dir.resolve("results.txt"), raw, StandardCharsets.UTF_8);
    return Results.load(dir);
  }

  private static String flat(String kind, int round, int size, double eps, double work) {
    return "kind="
        + kind
        + " round="
        + round
        + " scenario=flat-"
        + size
        + " events_per_s="
        + eps
        + " server_cpu_us_per_event="
        + (work + 0.5)
        + " server_work_us_per_event="
        + work
        + "\n";
  }

  @Test
  void singleStreamTableTakesMediansOfRoundsAndJudgesTheTarget() throws IOException {
    String raw =
        "# a comment line\n"
            // 100 B: SDK median 200 (rounds 100, 300, 200), baseline 200: 1.00x; work CPU 1.0
            // against 1.0
            + flat("sdk", 1, 100, 100, 1.0)
            + flat("sdk", 2, 100, 300, 0.9)
            + flat("sdk", 3, 100, 200, 1.1)
            + flat("baseline", 1, 100, 180, 1.0)
            + flat("baseline", 2, 100, 200, 1.0)
            + flat("baseline", 3, 100, 220, 1.0)
            // 1 KiB: throughput level but work CPU 1.5 against 1.0: the CPU bound is missed
            + flat("sdk", 1, 1024, 100, 1.5)
            + flat("baseline", 1, 1024, 100, 1.0);
    Tables tables = new Tables(results(raw));

    String table = tables.singleStream();
    assertThat(table)
        .contains(
            "| 100 B | 200 | 200 | 1.00x | 0.0 | 1.00 / 1.00 | 1.00x | 1.50 / 1.50 | 1.00x | yes |");
    assertThat(table).contains("| 1024 B | 100 | 100 | 1.00x | 0.1 | 1.50 / 1.00 | 1.50x |");
    assertThat(table).containsPattern("\\| 1024 B .*\\| no \\|");
    assertThat(table).contains("| 16384 B | n/a | n/a | n/a |");
    assertThat(tables.singleStreamRounds())
        .contains("| 100 B | events/s | 0.56, 1.50, 0.91 | 0.91x |");
  }

  @Test
  void acceptanceRatiosAreTakenWithinEachCycle() throws IOException {
    StringBuilder raw = new StringBuilder();
    // the baseline's speed drifts by a factor of 10 between cycles; the SDK always reads 0.9x of it
    for (int cycle = 1; cycle <= 4; cycle++) {
      double base = 1000 * Math.pow(10, cycle % 2);
      raw.append(
          "kind=baseline round=1 cycle="
              + cycle
              + " scenario=independent-100 events_per_s="
              + base
              + "\n");
      raw.append(
          "kind=sdk round=1 cycle="
              + cycle
              + " scenario=independent-100 events_per_s="
              + base * 0.9
              + "\n");
      raw.append(
          "kind=baseline2 round=1 cycle="
              + cycle
              + " scenario=independent-100 events_per_s="
              + base
              + "\n");
    }
    Tables tables = new Tables(results(raw.toString()));

    List<Tables.AcceptanceRow> rows = tables.acceptanceRows("independent-100");
    assertThat(rows)
        .extracting(Tables.AcceptanceRow::kind)
        .containsExactly("baseline", "sdk", "baseline2");
    Tables.AcceptanceRow sdk = rows.get(1);
    assertThat(sdk.ratio()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sdk.geomean()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sdk.cycles()).isEqualTo(4);
    // a median of the plain events/s would compare drifted turns: (9000 + 900) / 2
    assertThat(sdk.eventsPerS()).isEqualTo(4950);
    assertThat(tables.acceptance())
        .contains("| 100 B | SDK | 4,950 | 0.90x | 0.90-0.90x | 0.90x | 4 | no |");
    assertThat(tables.acceptanceRounds()).contains("| 100 B | 1 | 0.90x | 1.00x |");
  }

  @Test
  void summaryLinesStandInWherePerCycleAndPerRunLinesWereNotKept() throws IOException {
    Tables tables =
        new Tables(
            results(
                "kind=sdk round=all scenario=independent-1024 summary=median events_per_s=211326 ratio=1.00 ratio_low=0.96"
                    + " ratio_high=1.04 ratio_geomean=1.00 cycles=60 round_ratios=0.99,1.02\n"
                    + "kind=floor round=median scenario=floor-1000 summary=median p50_us=100 p99_us=590 p999_us=2880\n"
                    + "kind=floor round=1 scenario=floor-1000 load=4.8 p99_us=1520\n"
                    + "kind=floor round=2 scenario=floor-1000 load=4.1 p99_us=590\n"));

    assertThat(tables.acceptance())
        .contains("| 1024 B | SDK | 211,326 | 1.00x | 0.96-1.04x | 1.00x | 60 | yes |");
    assertThat(tables.acceptanceRounds()).contains("| 1024 B | 2 | 1.02x | n/a |");
    assertThat(tables.floor()).contains("| 2 | 100 / 590 / 2,880 | 1520, 590 | 4.8, 4.1 |");
  }

  @Test
  void floorMediansComeFromTheRunsWhenEveryRunHasThem() throws IOException {
    Tables tables =
        new Tables(
            results(
                "kind=floor round=1 scenario=floor-1000 p50_us=90 p99_us=300 p999_us=1000\n"
                    + "kind=floor round=2 scenario=floor-1000 p50_us=110 p99_us=700 p999_us=3000\n"
                    + "kind=floor round=3 scenario=floor-1000 p50_us=100 p99_us=500 p999_us=2000\n"));
    assertThat(tables.floor()).contains("| 3 | 100 / 500 / 2,000 | 300, 700, 500 |");
  }

  @Test
  void aPartWithoutLinesSaysSoInsteadOfAnEmptyTable() throws IOException {
    Tables tables =
        new Tables(
            results(
                "kind=sdk round=1 scenario=config-binding score=60.5 error=3.1 unit=us/op load=2\n"));
    assertThat(tables.webhook()).isEqualTo("_Not in this run's results._");
    assertThat(tables.acceptance()).isEqualTo("_Not in this run's results._");
    assertThat(tables.configBinding()).contains("| 60.5 | 3.1 | us/op | 2 | no |");
  }

  @Test
  void webhookTotalsAndTheDeliveryCondition() throws IOException {
    Tables tables =
        new Tables(
            results(
                "kind=bare round=1 scenario=webhook-64 requests_per_s=1000 ok_total=10000 non_2xx=0\n"
                    + "kind=bridge-async round=1 scenario=webhook-64 requests_per_s=600 ok_total=6000 received=6000 undelivered=0 non_2xx=0\n"
                    + "kind=bridge round=1 scenario=webhook-64 requests_per_s=700 ok_total=7000 received=6999 undelivered=1 non_2xx=0\n"));
    String table = tables.webhook();
    // fast enough, but one event lost: not met
    assertThat(table)
        .containsPattern(
            "\\| webhook bridge, Argo-like subscriber \\| 700 \\| 0.70x .*\\| 7000 \\| 6999 \\| 1 \\| no \\|");
    assertThat(table)
        .containsPattern(
            "\\| webhook bridge, async subscriber \\| 600 \\| 0.60x .*\\| 0 \\| yes \\|");
  }

  @Test
  void jmhKeepsScoresAndBytesPerOperationOnly() throws IOException {
    Files.writeString(
        dir.resolve("jmh.csv"),
        String.join(
            "\n",
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: server\"",
            "\"a.b.EmitPathBenchmark.receiveEvents\",\"thrpt\",1,3,1234567.891,NaN,\"ops/s\",\"sdk,push\"",
            "\"a.b.EmitPathBenchmark.receiveEvents:gc.alloc.rate\",\"thrpt\",1,3,900.5,1.0,\"MB/sec\",sdk",
            "\"a.b.EmitPathBenchmark.receiveEvents:gc.alloc.rate.norm\",\"thrpt\",1,3,328.28,20.18,\"B/op\",sdk"));
    String table = new Tables(results("")).jmh();
    assertThat(table)
        .contains(
            "| EmitPathBenchmark.receiveEvents | server=sdk,push | 1,234,567.89 | n/a | ops/s |");
    assertThat(table)
        .contains(
            "| EmitPathBenchmark.receiveEvents (allocation) | server=sdk | 328.28 | 20.18 | B/op |");
    assertThat(table).doesNotContain("MB/sec");
  }

  @Test
  void aDamagedRawFileIsRejectedNamingTheLine() throws IOException {
    Tables tables = new Tables(results("kind=sdk round=1 scenario=flat-100 events_per_s=20,600\n"));
    assertThatThrownBy(tables::singleStream)
        .hasMessageContaining("line 1: events_per_s=20,600 is not a number");
    assertThatThrownBy(() -> results("\nkind=sdk round=1 events_per_s=1\n"))
        .hasMessageContaining("line 2: no kind= or scenario=");
    Files.delete(dir.resolve("results.txt"));
    assertThatThrownBy(() -> Results.load(dir)).hasMessageContaining("results.txt");
  }

  @Test
  void templatePlaceholdersAreFilledAndUnknownOnesRefused() throws IOException {
    Files.writeString(dir.resolve("run.properties"), "rounds=7\n");
    Results r = results(flat("sdk", 1, 100, 100, 1.0) + flat("baseline", 1, 100, 100, 1.0));

    String md = Report.fill(List.of("# T", "{{run:rounds}} rounds:", "{{single-stream}}"), r);
    assertThat(md)
        .startsWith("# T\n7 rounds:\n| payload |")
        .contains("| 100 B | 100 | 100 | 1.00x |");
    assertThatThrownBy(() -> Report.fill(List.of("ok", "{{single-stream}} {{no-such-table}}"), r))
        .hasMessageContaining("template line 2: unknown placeholder {{no-such-table}}");
    assertThatThrownBy(() -> Report.fill(List.of("{{run:no_such_key}}"), r))
        .hasMessageContaining("no such key in run.properties");
  }

  @Test
  void medianIntervalUsesTheTextbookOrderStatistics() {
    List<Double> v = new ArrayList<>();
    for (int i = 60; i >= 1; i--) {
      v.add((double) i);
    }
    // n = 60: j = floor(30 - 0.98 sqrt(60)) = 22, k = ceil(31 + 0.98 sqrt(60)) = 39
    assertThat(Stats.medianInterval(v)).containsExactly(22.0, 39.0);
    assertThat(Stats.median(v)).isEqualTo(30.5);
    assertThat(Stats.median(List.of(3.0, Double.NaN, 1.0))).isEqualTo(2.0);
    assertThat(Stats.geometricMean(List.of(0.5, 2.0)))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  /**
   * docs/performance.md and its chart are what the report makes of benchmarks/results: nothing
   * edited by hand.
   */
  @Test
  void committedDocsAreTheReportOfTheCommittedResults() throws IOException {
    Path md = dir.resolve("performance.md");
    Path svg = dir.resolve("performance.svg");
    Report.write(Path.of("results"), Path.of("performance-template.md"), md, svg);
    assertThat(Files.readString(md)).isEqualTo(Files.readString(Path.of("../docs/performance.md")));
    assertThat(Files.readString(svg))
        .isEqualTo(Files.readString(Path.of("../docs/performance.svg")));
  }
}
