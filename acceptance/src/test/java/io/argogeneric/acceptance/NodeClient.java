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
package io.argogeneric.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The independent client: grpc-js reading Argo's generic.proto, with none of this project's Java.
 * Its two packages are installed from the npm registry on first use.
 */
final class NodeClient {
  static final Path DIR = Processes.ROOT.resolve("acceptance/node-client");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run of the client saw: the events' payloads, then how the stream ended. */
  record Result(List<JsonNode> events, JsonNode end) {
    String status() {
      return end.path("code").asText(end.path("end").asText());
    }
  }

  private NodeClient() {}

  static synchronized void install() throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/@grpc/grpc-js"))) {
      Processes.run(
          Duration.ofMinutes(5),
          DIR,
          "npm",
          "install",
          "--no-package-lock",
          "--no-audit",
          "--no-fund",
          "--loglevel=error");
    }
  }

  /**
   * A client process still streaming; {@link #result} waits for its end, {@link #close} ends it.
   */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final java.util.concurrent.CompletableFuture<String> out;

    private Running(Process process) {
      this.process = process;
      this.out =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(
                      process.getInputStream().readAllBytes(),
                      java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                }
              });
    }

    Result result(Duration timeout) throws Exception {
      String text = out.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      List<JsonNode> events = new ArrayList<>();
      JsonNode end = null;
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        if (node.has("end")) {
          end = node;
        } else {
          events.add(node);
        }
      }
      if (end == null) {
        throw new AssertionError("the node client printed no end line: " + text);
      }
      return new Result(events, end);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  static Running start(
      int port, String name, String config, int count, Duration timeout, String... extra)
      throws Exception {
    install();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "node",
                "client.mjs",
                "--url",
                "127.0.0.1:" + port,
                "--name",
                name,
                "--config",
                config,
                "--count",
                Integer.toString(count),
                "--timeout-ms",
                Long.toString(timeout.toMillis())));
    cmd.addAll(List.of(extra));
    Process p =
        new ProcessBuilder(cmd)
            .directory(DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new Running(p);
  }

  static Result stream(
      int port, String name, String config, int count, Duration timeout, String... extra)
      throws Exception {
    try (Running r = start(port, name, config, count, timeout, extra)) {
      return r.result(timeout.plusSeconds(30));
    }
  }
}
