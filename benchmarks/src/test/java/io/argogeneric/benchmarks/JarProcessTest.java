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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as run-comparison.sh starts it: the firehose with {@code java -jar}, the baseline
 * as a second main class, each a process whose CPU time the load client reads from /proc.
 */
class JarProcessTest {
  private static final Path JAR = Path.of("target", "firehose-eventsource.jar");
  private static final Pattern PORT = Pattern.compile("serving gRPC on port (\\d+)");

  @Test
  void firehoseJarServesTheLoadClientAndItsCpuIsRead() throws Exception {
    runAgainst(List.of("-jar", JAR.toString(), "--port", "0", "--bind", "127.0.0.1"));
  }

  @Test
  void baselineMainClassInTheSameJarServesTheLoadClient() throws Exception {
    runAgainst(
        List.of(
            "-cp",
            JAR.toString(),
            BaselineServer.class.getName(),
            "--port",
            "0",
            "--bind",
            "127.0.0.1"));
  }

  @Test
  void handOffBaselineServesTheLoadClient() throws Exception {
    runAgainst(
        List.of(
            "-cp",
            JAR.toString(),
            BaselineServer.class.getName(),
            "--hand-off",
            "--port",
            "0",
            "--bind",
            "127.0.0.1"));
  }

  @Test
  void firehoseJarInPushModeServesTheLoadClient() throws Exception {
    runAgainst(
        List.of("-jar", JAR.toString(), "--emit", "push", "--port", "0", "--bind", "127.0.0.1"));
  }

  @Test
  void baselineRefusesAnUnknownFlagNamingTheKnownOnes() throws Exception {
    String out = runToExit(2, "-cp", JAR.toString(), BaselineServer.class.getName(), "--handoff");
    assertThat(out).contains("unknown flag --handoff (known: --port, --bind, --hand-off)");
  }

  @Test
  void firehoseRefusesAnUnknownEmitModeNamingTheKnownOnes() throws Exception {
    String out = runToExit(2, "-jar", JAR.toString(), "--emit", "pull");
    assertThat(out).contains("--emit").contains("expected on-demand or push, got 'pull'");
  }

  /**
   * Runs java with {@code args} to its end, expecting {@code exitCode}; returns what it printed.
   */
  private static String runToExit(int exitCode, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(exitCode);
    return out;
  }

  private static void runAgainst(List<String> args) throws Exception {
    assertThat(JAR).as("built in process-classes, before tests").exists();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(args);
    Process server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      int port = awaitPort(server);
      LoadClient.Summary s =
          LoadClient.run(
              LoadClient.Options.parse(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port),
                  "--count",
                  "500",
                  "--duration",
                  "60",
                  "--payload-size",
                  "64",
                  "--server-pid",
                  Long.toString(server.pid())));
      assertThat(s.failedStreams()).isZero();
      assertThat(s.events()).isEqualTo(500);
      assertThat(s.lost()).isZero();
      assertThat(s.serverCpuSeconds()).isNotNaN().isGreaterThanOrEqualTo(0);
      assertThat(s.serverJitSeconds()).isNotNaN().isGreaterThanOrEqualTo(0);
      assertThat(s.line())
          .contains(
              " server_cpu_s=",
              " server_cpu_us_per_event=",
              " server_jit_s=",
              " server_work_us_per_event=");
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** Reads the server's output until it names its port; keeps draining it afterwards. */
  /**
   * Starts the webhook bridge (a test dependency) as a process on this JVM's class path, gRPC on a
   * free port ({@link #awaitPort}) and HTTP on {@code httpPort}, as run-comparison.sh starts its
   * jar.
   */
  static Process startWebhookBridge(int httpPort) throws java.io.IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.argogeneric.samples.webhook.WebhookBridge",
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--http-port",
            Integer.toString(httpPort),
            "--http-bind",
            "127.0.0.1")
        .redirectErrorStream(true)
        .start();
  }

  static int awaitPort(Process server) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (seen) {
                    seen.append(line).append('\n');
                  }
                  Matcher m = PORT.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (java.io.IOException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(
                  new IllegalStateException("server exited before naming its port"));
            },
            "server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      synchronized (seen) {
        throw new AssertionError("no port from the server; its output:\n" + seen, e);
      }
    }
  }

  static {
    // fail with a clear message rather than a confusing one if run outside the module directory
    if (!Files.isDirectory(Path.of("target"))) {
      throw new IllegalStateException("run from the benchmarks module directory (Maven does)");
    }
  }
}
