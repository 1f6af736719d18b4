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
package io.argogeneric.samples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.testfixtures.Waits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar run as a user runs it, fed by real HTTP and read by a separate client: the
 * project's command-line client when it has been built, else a grpc-java client in this JVM.
 */
class WebhookJarTest {
  private static final Path JAR = Path.of("target", "webhook-bridge-eventsource.jar");
  private static final Path CLIENT_JAR = Path.of("..", "..", "cli", "target", "argo-client.jar");
  private static final Pattern GRPC_PORT = Pattern.compile("serving gRPC on port (\\d+)");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private static final int EVENTS = 200;
  private static final String CONFIG = "endpoint: /hook\nauthToken: t0ken\nmaxPayloadSize: 1000";

  @Test
  @DisplayName(
      "java -jar: POSTs all get 200 and all arrive at a separate client, in order; wrong requests get 405, 413, 401, 404")
  void jarServesHttpIntoAStream() throws Exception {
    assertThat(JAR).as("the shaded jar is built in process-classes").exists();
    int httpPort;
    try (ServerSocket free = new ServerSocket(0)) {
      httpPort = free.getLocalPort();
    }
    Process bridge =
        java(
            List.of(
                "-jar",
                JAR.toString(),
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--http-port",
                String.valueOf(httpPort),
                "--http-bind",
                "127.0.0.1"));
    List<String> bridgeLog = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> grpcPort = new CompletableFuture<>();
    pump(
        bridge,
        bridgeLog,
        line -> {
          Matcher m = GRPC_PORT.matcher(line);
          if (m.find()) {
            grpcPort.complete(Integer.parseInt(m.group(1)));
          }
        });
    Reader reader = null;
    try {
      int port = grpcPort.get(30, TimeUnit.SECONDS);
      reader = Files.exists(CLIENT_JAR) ? new CliReader(port) : new InProcessReader(port);
      Http http = Http.to(httpPort);

      // the listener opens when the client's stream starts; until then a sender gets refused or
      // 503/404
      Waits.until(
          "the endpoint to accept a first POST",
          Waits.DEFAULT,
          () -> {
            try {
              return http.postJson("/hook", "{\"seq\":0}", "Authorization", "Bearer t0ken")
                      .statusCode()
                  == 200;
            } catch (RuntimeException e) {
              return false; // connection refused: not listening yet
            }
          },
          () -> "log: " + bridgeLog);
      int seq = 1;
      // while the client is connected (the command-line client exits after its --count events)
      assertThat(
              http.send(
                      http.request("/hook")
                          .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                          .header("Authorization", "Bearer t0ken")
                          .build())
                  .statusCode())
          .isEqualTo(405);
      assertThat(
              http.postJson(
                      "/hook", "\"" + "x".repeat(2000) + "\"", "Authorization", "Bearer t0ken")
                  .statusCode())
          .isEqualTo(413);
      assertThat(http.postJson("/hook", "{}", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);
      assertThat(http.postJson("/nowhere", "{}").statusCode()).isEqualTo(404);

      for (; seq < EVENTS; seq++) {
        HttpResponse<String> r =
            http.postJson("/hook", "{\"seq\":" + seq + "}", "Authorization", "Bearer t0ken");
        assertThat(r.statusCode()).as("POST #%s: %s", seq, r.body()).isEqualTo(200);
      }
      List<Integer> seqs = reader.awaitSeqs(EVENTS, Duration.ofSeconds(30));
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        expected.add(i);
      }
      assertThat(seqs).isEqualTo(expected);
    } finally {
      if (reader != null) {
        reader.close();
      }
      bridge.destroy(); // SIGTERM: drain and exit 0
      assertThat(bridge.waitFor(20, TimeUnit.SECONDS))
          .as("the bridge exits after SIGTERM")
          .isTrue();
      assertThat(bridge.exitValue()).as("exit code after SIGTERM; log: %s", bridgeLog).isZero();
    }
  }

  private interface Reader extends AutoCloseable {
    List<Integer> awaitSeqs(int n, Duration timeout) throws Exception;

    @Override
    void close();
  }

  /**
   * The project's Argo-like command-line client, as a separate process printing one event per line.
   */
  private static final class CliReader implements Reader {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    CliReader(int grpcPort) throws IOException {
      process =
          java(
              List.of(
                  "-jar",
                  CLIENT_JAR.toString(),
                  "--url",
                  "127.0.0.1:" + grpcPort,
                  "--name",
                  "hook",
                  "--config",
                  CONFIG,
                  "--json-body",
                  "--count",
                  String.valueOf(EVENTS),
                  "--duration",
                  "60s"));
      pumpStdout(process, out);
      pump(process, err, line -> {});
    }

    @Override
    public List<Integer> awaitSeqs(int n, Duration timeout) throws Exception {
      assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
          .as("the client to print %s events", n)
          .isTrue();
      assertThat(process.exitValue()).as("client exit code; stderr: %s", err).isZero();
      return seqs(out);
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A grpc-java client in this JVM, for when the command-line client has not been built. */
  private static final class InProcessReader implements Reader {
    private final GrpcReader reader;

    InProcessReader(int grpcPort) {
      reader = new GrpcReader(grpcPort, "hook", CONFIG);
    }

    @Override
    public List<Integer> awaitSeqs(int n, Duration timeout) throws Exception {
      reader.awaitReceived(n, timeout);
      return seqs(reader.received);
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  private static List<Integer> seqs(List<String> lines) {
    List<Integer> seqs = new ArrayList<>();
    for (String line : lines) {
      Matcher m = SEQ.matcher(line);
      if (m.find()) {
        seqs.add(Integer.parseInt(m.group(1)));
      }
    }
    return seqs;
  }

  private static Process java(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(args);
    return new ProcessBuilder(cmd).start();
  }

  private static void pump(
      Process p, List<String> into, java.util.function.Consumer<String> onLine) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  into.add(line);
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private static void pumpStdout(Process p, List<String> into) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  into.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
  }
}
