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
package io.argogeneric.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's time.ParseDuration and Duration.String, whose results and error texts these mirror. */
class GoDurationTest {
  /** Inputs for the oracle: Go's accepted forms, its edge cases and its refusals. */
  private static final List<String> TEXTS =
      List.of(
          "500ms",
          "5s",
          "1m",
          "1h30m",
          "1.5h",
          ".5s",
          "1.s",
          "+5s",
          "-5s",
          "0",
          "-0",
          "+0",
          "1ns",
          "1us",
          "1\u00b5s",
          "1\u03bcs",
          "0.5ns0.5ns",
          "1.0000000001s",
          "2562047h47m16.854775807s",
          "2562047h47m16.854775808s",
          // whole numbers take a long-arithmetic path: its edges (18 and 19 digits, each term
          // overflowing, the sum overflowing)
          "922337203685477580ns",
          "9223372036854775807ns",
          "9223372036854775808ns",
          "000000000000000001s",
          "2562047h",
          "2562048h",
          "2562047h47m16s854775807ns",
          "2562047h47m16s854775808ns",
          "2562048h",
          "",
          "s",
          ".s",
          "5",
          "5x",
          "1e3s",
          "5S",
          "1h-5m",
          "10s ",
          " 10s",
          "1h1h",
          "3.000000001ms",
          "0.1us",
          "soon",
          "-",
          "+",
          "1.2.3s",
          "00010s");

  private static final List<Long> NANOS =
      List.of(
          0L,
          1L,
          999L,
          1_000L,
          1_500L,
          999_999L,
          1_000_000L,
          1_500_000L,
          250_000_000L,
          999_999_999L,
          1_000_000_000L,
          1_500_000_000L,
          1_000_000_001L,
          60_000_000_000L,
          5_400_000_000_000L,
          3_600_000_000_001L,
          -1_500_000L,
          -5_400_000_000_000L,
          Long.MAX_VALUE,
          Long.MIN_VALUE + 1);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "500ms, 500000000",
    "1h30m, 5400000000000",
    "1.5h, 5400000000000",
    "0.5ns0.5ns, 0",
    "2562047h47m16.854775807s, 9223372036854775807",
  })
  void parsesAsGoDoes(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''         | time: invalid duration \"\"",
        "5          | time: missing unit in duration \"5\"",
        "5x         | time: unknown unit \"x\" in duration \"5x\"",
        "2562048h   | time: invalid duration \"2562048h\"",
      })
  void refusesWhatGoRefuses(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
  }

  @Test
  void isoDurationsAreAcceptedToo() {
    assertThat(GoDuration.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(GoDuration.parse("-PT1S")).isEqualTo(Duration.ofSeconds(-1));
    assertThatThrownBy(() -> GoDuration.parse("P1X")).hasMessage("time: invalid duration \"P1X\"");
  }

  @Test
  void formatsAsGoDoes() {
    assertThat(GoDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
    assertThat(GoDuration.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDuration.format(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
    assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
  }

  /**
   * Go itself is the oracle: every text of TEXTS parsed, and every value of NANOS printed, by Go
   * and by us.
   */
  @Test
  void agreesWithGoItself() throws Exception {
    List<String> go = runGo();
    List<String> ours = new ArrayList<>();
    for (String t : TEXTS) {
      try {
        ours.add("parse " + GoDuration.parse(t).toNanos());
      } catch (IllegalArgumentException e) {
        ours.add("error " + e.getMessage());
      }
    }
    for (long n : NANOS) {
      ours.add("format " + GoDuration.format(Duration.ofNanos(n)));
    }
    assertThat(ours).containsExactlyElementsOf(go);
  }

  private List<String> runGo() throws IOException, InterruptedException {
    Path program = dir.resolve("main.go");
    StringBuilder texts = new StringBuilder();
    for (String t : TEXTS) {
      texts.append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",");
    }
    StringBuilder nanos = new StringBuilder();
    for (long n : NANOS) {
      nanos.append(n).append(',');
    }
    Files.writeString(
        program,
        """
        package main

        import (
        \t"fmt"
        \t"time"
        )

        func main() {
        \tfor _, t := range []string{%s} {
        \t\tif d, err := time.ParseDuration(t); err != nil {
        \t\t\tfmt.Println("error " + err.Error())
        \t\t} else {
        \t\t\tfmt.Printf("parse %%d\\n", int64(d))
        \t\t}
        \t}
        \tfor _, n := range []int64{%s} {
        \t\tfmt.Println("format " + time.Duration(n).String())
        \t}
        }
        """
            .formatted(texts, nanos),
        StandardCharsets.UTF_8);
    ProcessBuilder pb =
        new ProcessBuilder("go", "run", program.toString())
            .directory(dir.toFile())
            .redirectError(dir.resolve("stderr").toFile())
            .redirectOutput(dir.resolve("stdout").toFile());
    pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
    pb.environment().put("GO111MODULE", "off");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError(
          "Go is the oracle of this test; install the Debian package golang-go", e);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("go run finishes").isTrue();
    assertThat(p.exitValue()).as("go run: %s", Files.readString(dir.resolve("stderr"))).isZero();
    return Files.readAllLines(dir.resolve("stdout"), StandardCharsets.UTF_8);
  }
}
