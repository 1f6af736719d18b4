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
package io.argogeneric.sdk.internal.runtime;

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.assertEndedWith;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Option;

/** The server as an operator runs it: flags, environment, exit codes, signals, log format. */
class ProcessTest {
  @TempDir Path dir;

  @Test
  void envConfiguredProcessLogsJsonAndDrainsOnSigtermThenExitsZero() throws Exception {
    int port = RuntimeTestSupport.freePort();
    Path stderr = dir.resolve("stderr");
    ProcessBuilder pb =
        java(
            TestPlugin.class.getName(),
            "--bind",
            "127.0.0.1",
            "--log-format",
            "json",
            "--shutdown-grace",
            "2s");
    pb.environment()
        .put("EVENTSOURCE_PORT", Integer.toString(port)); // no --port: the variable decides
    Process p =
        pb.redirectError(stderr.toFile()).redirectOutput(dir.resolve("stdout").toFile()).start();
    ManagedChannel ch = plaintext(port);
    try {
      Waits.until(
          "process SERVING on EVENTSOURCE_PORT " + port,
          () -> p.isAlive() && health(ch) == ServingStatus.SERVING);
      var s = open(ch, "proc", "count: 1", null);
      s.await(1, Duration.ofSeconds(5));

      p.destroy(); // SIGTERM on Linux
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      assertThat(p.exitValue())
          .as("exit code after a clean drain; stderr:\n%s", Files.readString(stderr))
          .isZero();
      assertEndedWith(s, Status.Code.UNAVAILABLE, "server shutting down");
    } finally {
      ch.shutdownNow();
      p.destroyForcibly();
    }

    ObjectMapper json = new ObjectMapper();
    List<String> messages = new ArrayList<>();
    for (String line : Files.readAllLines(stderr)) {
      if (line.isBlank() || line.startsWith("WARNING: ")) {
        continue; // the JVM's own warnings (JDK 23+: grpc's shaded netty uses sun.misc.Unsafe), not
        // our logger's
      }
      JsonNode node = json.readTree(line); // throws on a line that is not JSON
      assertThat(node.path("level").asText()).as(line).isNotEmpty();
      messages.add(node.path("formattedMessage").asText());
    }
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("serving gRPC on port " + port));
    assertThat(messages)
        .anySatisfy(
            m -> assertThat(m).containsPattern("stream started event=proc peer=\\S+ config=\\w+"));
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .containsPattern(
                        "stream ended event=proc peer=\\S+ config=\\w+ outcome=UNAVAILABLE"));
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("shut down cleanly"));
  }

  @Test
  void trainingRunServesWarmsUpAndExitsZeroWithoutASignal() throws Exception {
    Path stderr = dir.resolve("stderr");
    ProcessBuilder pb =
        java(TestPlugin.class.getName(), "--port", "0", "--bind", "127.0.0.1", "--admin-port", "0");
    pb.command().add(1, "-D" + ServerLauncher.TRAINING_RUN + "=true");
    Path classes = dir.resolve("classes.txt");
    pb.command().add(1, "-Xlog:class+load=info:file=" + classes);
    Process p =
        pb.redirectError(stderr.toFile()).redirectOutput(dir.resolve("out").toFile()).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS))
          .as("exits by itself; stderr:\n%s", Files.readString(stderr))
          .isTrue();
      String log = Files.readString(stderr);
      assertThat(p.exitValue()).as("exit code; stderr:\n%s", log).isZero();
      assertThat(log)
          .contains("serving gRPC on port", "warmed up", "shut down cleanly")
          .doesNotContain("calling the own health service failed", "did not answer SERVING");
      // the image's class cache stores what the training run loaded: a gRPC client's classes
      // there would be mapped at every start for nothing
      assertThat(Files.readString(classes))
          .contains("io.grpc.health.v1.HealthGrpc")
          .doesNotContain("io.grpc.internal.ManagedChannelImpl ");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badFlagValueInAProcessExits2WithOneLine() throws Exception {
    Process p =
        java(TestPlugin.class.getName(), "--port", "eighty")
            .redirectOutput(dir.resolve("out").toFile())
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err.strip().lines())
        .singleElement()
        .asString()
        .startsWith("error: ")
        .contains("--port", "eighty");
  }

  @Test
  void everyBadFlagValueStopsTheStartWithExit2AndOneLine() {
    String[][] bad = {
      {"--port", "70000"},
      {"--admin-port", "-5"},
      {"--max-streams", "0"},
      {"--max-streams-per-peer", "x"},
      {"--max-config-bytes", "-1"},
      {"--max-buffered-bytes-total", "-1"},
      {"--shutdown-grace", "soon"},
      {"--keepalive-time", "1s"},
      {"--keepalive-timeout", "0s"},
      {"--log-format", "xml"},
      {"--tls-cert", "/nonexistent.pem"},
      {"--tls-cert", dir.toString(), "--tls-key", dir.toString()},
      {"--tls-client-ca", "/etc/hostname"},
      {"--auth-token-file", "/nonexistent/token"},
      {"--no-such-flag"}
    };
    for (String[] args : bad) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream saved = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code;
      try {
        code = ServerLauncher.runUntilShutdown(new TestPlugin(), args);
      } finally {
        System.setErr(saved);
      }
      String text = err.toString(StandardCharsets.UTF_8).strip();
      assertThat(code).as("exit code for %s", String.join(" ", args)).isEqualTo(2);
      assertThat(text.lines())
          .as("message for %s", String.join(" ", args))
          .singleElement()
          .asString()
          .startsWith("error: ")
          .contains(args[0]);
    }
  }

  @Test
  void helpListsEveryFlagWithItsEnvironmentVariableAndDefault() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = ServerLauncher.runUntilShutdown(new TestPlugin(), new String[] {"--help"});
    } finally {
      System.setOut(saved);
    }
    assertThat(code).isZero();
    String help =
        out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "); // undo line wrapping
    List<Option> options = new ArrayList<>();
    for (Field f : ServerOptions.class.getDeclaredFields()) {
      if (f.isAnnotationPresent(Option.class)) {
        options.add(f.getAnnotation(Option.class));
      }
    }
    assertThat(options).hasSizeGreaterThanOrEqualTo(14);
    for (Option o : options) {
      String flag = o.names()[0];
      String env =
          "EVENTSOURCE_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      // the raw annotation, before picocli fills in the variable: the flag reads the variable
      assertThat(o.defaultValue())
          .as("%s reads %s", flag, env)
          .matches("\\$\\{env:" + env + "(:-[^}]*)?}");
      assertThat(help).as("help names %s", flag).contains(flag);
      assertThat(help).as("help names %s", env).contains("Env " + env);
      if (o.defaultValue().contains(":-")) {
        String dflt =
            o.defaultValue()
                .substring(o.defaultValue().indexOf(":-") + 2, o.defaultValue().length() - 1);
        assertThat(help).as("help gives %s's default", flag).contains("Default: " + dflt + ".");
      }
    }
  }

  private static ProcessBuilder java(String mainClass, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1",
                mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
