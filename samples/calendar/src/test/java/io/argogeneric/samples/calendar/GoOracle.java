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
package io.argogeneric.samples.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs src/test/go/calendar-oracle: Argo's calendar logic on robfig/cron v3, from
 * Debian's golang-go and golang-github-robfig-cron-dev, in GOPATH mode and offline.
 */
final class GoOracle {
  static final Path SOURCE = Path.of("src/test/go/calendar-oracle");
  static final Path ROBFIG = Path.of("/usr/share/gocode/src/github.com/robfig/cron");
  private static final Path OUT = Path.of("target/go-oracle");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path binary;

  private GoOracle() {}

  /**
   * The oracle's binary under target/, built on first use. Fails (never skips) when Go or robfig is
   * missing.
   */
  static synchronized Path binary() throws IOException, InterruptedException {
    if (binary != null) {
      return binary;
    }
    String install =
        " Install the Debian packages golang-go and golang-github-robfig-cron-dev"
            + " (apt-get install golang-go golang-github-robfig-cron-dev; .ci/run does this in CI).";
    if (!Files.isRegularFile(ROBFIG.resolve("spec.go"))) {
      throw new AssertionError("robfig/cron v3 source not found at " + ROBFIG + "." + install);
    }
    Path gopath = OUT.resolve("gopath").toAbsolutePath();
    Path link = gopath.resolve("src/github.com/robfig/cron/v3");
    Files.createDirectories(link.getParent());
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      // Debian installs the v3 module at the import path without /v3; GOPATH mode needs the full
      // path
      Files.createSymbolicLink(link, ROBFIG);
    }
    Path bin = OUT.resolve("calendar-oracle").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder("go", "build", "-o", bin.toString(), "./" + SOURCE)
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("GO111MODULE", "off");
    env.put("GOPATH", gopath.toString());
    env.put("GOFLAGS", "");
    env.put("CGO_ENABLED", "0");
    env.put("GOCACHE", OUT.resolve("cache").toAbsolutePath().toString());
    env.put("GOPROXY", "off");
    Process go;
    try {
      go = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run 'go' (" + e.getMessage() + ")." + install, e);
    }
    String output = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!go.waitFor(5, TimeUnit.MINUTES) || go.exitValue() != 0) {
      throw new AssertionError("building the Go oracle failed:\n" + output + install);
    }
    binary = bin;
    return bin;
  }

  /** Runs the oracle on {@code cases} (one JSON object each) and returns its answers, in order. */
  static List<JsonNode> run(List<Map<String, Object>> cases)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(binary().toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("TZ", "UTC"); // Argo's pods run in UTC: Go's time.Local is UTC there
    Process p = pb.start();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedWriter w =
                  new BufferedWriter(
                      new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                for (Map<String, Object> c : cases) {
                  w.write(JSON.writeValueAsString(c));
                  w.write('\n');
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    List<JsonNode> answers = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        answers.add(JSON.readTree(line));
      }
    }
    writer.join();
    if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0 || answers.size() != cases.size()) {
      throw new AssertionError(
          "the Go oracle failed: exit "
              + p.exitValue()
              + ", "
              + answers.size()
              + " answers for "
              + cases.size()
              + " cases");
    }
    return answers;
  }
}
