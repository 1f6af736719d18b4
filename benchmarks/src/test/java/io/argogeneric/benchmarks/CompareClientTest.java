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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.sdk.RunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tiny run of {@code acceptance/node-client/compare.mjs}, the grpc-js reader behind the
 * acceptance table of run-comparison.sh, against the SDK firehose and the baseline on loopback
 * sockets: so the tool cannot rot. Counts and shapes only, no timing.
 */
class CompareClientTest {
  private static final Path NODE_CLIENT =
      Path.of("..", "acceptance", "node-client").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The acceptance module's build installs grpc-js first; a build of this module alone does it
   * here.
   */
  @BeforeAll
  static void installGrpcJs() throws Exception {
    if (!Files.isDirectory(NODE_CLIENT.resolve("node_modules/@grpc/grpc-js"))) {
      // not inheritIO: npm would share (and make non-blocking) the stdin surefire talks to its fork
      // on
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-package-lock",
                  "--no-audit",
                  "--no-fund",
                  "--loglevel=error")
              .directory(NODE_CLIENT.toFile())
              .redirectErrorStream(true)
              .start();
      npm.getOutputStream().close();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
      assertThat(npm.exitValue()).as("npm install exit code; its output:%n%s", out).isZero();
    }
  }

  private record Run(int exitCode, List<JsonNode> lines) {}

  private static Run compare(String servers, String config) throws Exception {
    Process node =
        new ProcessBuilder(
                "node",
                "compare.mjs",
                "--servers",
                servers,
                "--config",
                config,
                "--cycles",
                "2",
                "--window-ms",
                "500",
                "--settle-ms",
                "200",
                "--warmup-ms",
                "500")
            .directory(NODE_CLIENT.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return new Run(node.exitValue(), lines);
  }

  @Test
  void readsEveryServerInTurnAndRotatesTheOrder() throws Exception {
    try (RunningServer sdk =
            new FirehoseEventSource().launch("--port", "0", "--bind", "127.0.0.1");
        BaselineServer baseline = BaselineServer.start("127.0.0.1", 0)) {
      Run run =
          compare(
              "sdk=127.0.0.1:" + sdk.port() + ",baseline=127.0.0.1:" + baseline.port(),
              "payloadSize: 64");

      assertThat(run.exitCode()).isZero();
      assertThat(run.lines()).hasSize(2);
      for (int cycle = 1; cycle <= 2; cycle++) {
        JsonNode line = run.lines().get(cycle - 1);
        assertThat(line.get("cycle").asInt()).isEqualTo(cycle);
        assertThat(line.get("events_per_s").get("sdk").asLong()).isPositive();
        assertThat(line.get("events_per_s").get("baseline").asLong()).isPositive();
      }
      // the keys follow the order the servers were read in: it rotates by one each cycle
      assertThat(run.lines().get(0).get("events_per_s").fieldNames().next()).isEqualTo("sdk");
      assertThat(run.lines().get(1).get("events_per_s").fieldNames().next()).isEqualTo("baseline");
    }
  }

  @Test
  void aServerWithoutAnAddressIsRefusedWithTheExpectedForm() throws Exception {
    Process node =
        new ProcessBuilder("node", "compare.mjs", "--servers", "sdk")
            .directory(NODE_CLIENT.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(node.exitValue()).isEqualTo(2);
    assertThat(out).contains("--servers takes NAME=HOST:PORT[,NAME=HOST:PORT...], got 'sdk'");
  }

  @Test
  void aServerThatEndsTheStreamFailsTheRunNamingIt() throws Exception {
    try (RunningServer sdk =
        new FirehoseEventSource().launch("--port", "0", "--bind", "127.0.0.1")) {
      Run run = compare("sdk=127.0.0.1:" + sdk.port(), "payloadSize: -1");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.lines()).hasSize(1);
      assertThat(run.lines().get(0).get("error").asText())
          .startsWith("sdk: ")
          .contains("payloadSize");
    }
  }
}
