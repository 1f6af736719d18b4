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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-comparison.sh as a user runs it, on its cheapest part (a short latency floor) against a copy
 * of the committed results: the part's lines are replaced, every other part's kept, and the page is
 * written.
 */
class RunComparisonScriptTest {
  private static final Path SCRIPT = Path.of("run-comparison.sh").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int exit, String stdout, String stderr) {}

  private Run run(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
    pb.environment().putAll(env);
    // the script starts `java`: the one running this test
    pb.environment()
        .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("run-comparison.sh did not finish within 120 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void measuringOnePartReplacesItsLinesKeepsTheOthersAndWritesThePage() throws Exception {
    Path results = Files.createDirectories(dir.resolve("results"));
    Path docs = Files.createDirectories(dir.resolve("docs"));
    for (String f : List.of("results.txt", "run.properties", "jmh.csv")) {
      Files.copy(Path.of("results", f), results.resolve(f));
    }
    List<String> before = Files.readAllLines(results.resolve("results.txt"));

    Run run =
        run(
            Map.of(
                "PARTS",
                "floor",
                "FLOOR_ROUNDS",
                "2",
                "FLOOR_SECONDS",
                "0.2",
                "RESULTS",
                results.toString(),
                "DOCS",
                docs.toString()));

    assertThat(run.exit()).as(run.stderr()).isZero();
    List<String> after = Files.readAllLines(results.resolve("results.txt"), StandardCharsets.UTF_8);
    List<String> floor = after.stream().filter(l -> l.contains("scenario=floor-1000")).toList();
    assertThat(floor)
        .hasSize(2)
        .allMatch(
            l ->
                l.matches(
                    "kind=floor round=[12] scenario=floor-1000 load=\\S+ rate=1000 .*p99_us=\\d+.*"));
    assertThat(after)
        .containsAll(before.stream().filter(l -> !l.contains("scenario=floor-1000")).toList());
    assertThat(Files.readString(results.resolve("run.properties")))
        .containsPattern("measured.floor=\\d{4}-\\d\\d-\\d\\dT")
        .contains("measured.single-stream=2026-11-27");
    String page = Files.readString(docs.resolve("performance.md"));
    assertThat(page)
        .containsPattern("\\| 2 \\| [\\d,]+ / [\\d,]+ / [\\d,]+ \\|")
        .contains("runs of 0.2 s:")
        .contains("| 100 B | 20,600 | 19,561 | 1.05x |");
    assertThat(docs.resolve("performance.svg")).exists();
  }

  @Test
  void anUnknownPartIsRefusedBeforeAnythingRuns() throws Exception {
    Path results = Files.createDirectories(dir.resolve("results"));
    Run run =
        run(Map.of("PARTS", "floor jmhh", "RESULTS", results.toString(), "DOCS", dir.toString()));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("unknown part 'jmhh'")
        .contains("single-stream acceptance floor");
    assertThat(results.resolve("results.txt")).doesNotExist();
  }
}
