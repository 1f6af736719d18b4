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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** webhook-jetstream.sh's own checks, which run before it starts anything. */
class WebhookJetStreamScriptTest {
  private static final Path SCRIPT = Path.of("webhook-jetstream.sh").toAbsolutePath();

  @TempDir Path dir;

  private record Run(int exit, String stdout, String stderr) {}

  private Run run(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
    pb.command().addAll(java.util.List.of(args));
    pb.environment().putAll(env);
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("webhook-jetstream.sh did not finish within 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void anUnknownConfigurationIsRefusedBeforeAnythingRuns() throws Exception {
    Path results = dir.resolve("results");
    Run run = run(Map.of("CONFIGS", "file jetstream-5", "RESULTS", results.toString()));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("unknown configuration 'jetstream-5'")
        .contains("file jetstream jetstream-3 file-again");
    assertThat(results).doesNotExist();
  }

  @Test
  void helpSaysWhatIsMeasuredAndWhatToBuildFirst() throws Exception {
    Run run = run(Map.of(), "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.stdout())
        .contains("jetstream-3  three bridges")
        .contains("mvn -B -q -o -pl benchmarks,samples/webhook-bridge -am package -DskipTests")
        .doesNotContain("set -euo");
  }
}
