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
package io.argogeneric.samples.pgcdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shaded jar run as a user runs it: {@code java -jar postgres-cdc-eventsource.jar ...}. */
final class SampleProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "postgres-cdc-eventsource.jar");
  private static final Pattern PORTS =
      Pattern.compile("serving gRPC on port (\\d+).*admin HTTP on port (\\d+)");

  private final Process process;
  final List<String> log = new CopyOnWriteArrayList<>();
  private final int port;
  private final int adminPort;

  SampleProcess(List<String> jvmArgs, String... args) throws Exception {
    assertThat(JAR).as("the shaded jar is built in process-classes").exists();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", JAR.toString(), "--port", "0", "--bind", "127.0.0.1"));
    cmd.addAll(List.of("--admin-port", "0"));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<int[]> ports = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (log.size() < 5000) {
                    log.add(line);
                  }
                  Matcher m = PORTS.matcher(line);
                  if (m.find()) {
                    ports.complete(
                        new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              ports.completeExceptionally(new IllegalStateException("exited; log: " + log));
            });
    pump.setDaemon(true);
    pump.start();
    int[] p = ports.get(60, TimeUnit.SECONDS);
    port = p[0];
    adminPort = p[1];
  }

  int port() {
    return port;
  }

  int adminPort() {
    return adminPort;
  }

  /** The value of the first Prometheus sample whose line starts with {@code prefix}, or -1. */
  double metric(String prefix) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (String line : r.body().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  /** SIGKILL: no shutdown hook, no drain, no last write. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
