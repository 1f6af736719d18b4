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

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Argo's webhook eventsource, its HTTP side, running as a real process: the Go program in
 * src/test/go/argowebhook, which is Argo's own request handling on Argo's router (gorilla/mux). The
 * parity tests send the same requests to it and to the bridge. Needs Go and Debian's
 * golang-github-gorilla-mux-dev (.ci/run installs both).
 */
final class ArgoWebhook implements AutoCloseable {
  private static final Path SOURCE = Path.of("src/test/go/argowebhook");
  private static final Path BINARY = Path.of("target/argowebhook/argowebhook");
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static boolean built;

  /** One endpoint of Argo's webhook eventsource: the keys of its WebhookContext the oracle uses. */
  record Route(
      String endpoint, String method, String authToken, Integer maxPayloadSize, boolean active) {
    static Route post(String endpoint) {
      return new Route(endpoint, "POST", null, null, true);
    }

    Route withMethod(String m) {
      return new Route(endpoint, m, authToken, maxPayloadSize, active);
    }

    Route withAuthToken(String token) {
      return new Route(endpoint, method, token, maxPayloadSize, active);
    }

    Route withMaxPayloadSize(int max) {
      return new Route(endpoint, method, authToken, max, active);
    }

    Route inactive() {
      return new Route(endpoint, method, authToken, maxPayloadSize, false);
    }
  }

  /** An event Argo would have published: the index of the route that took it, and its payload. */
  record Dispatched(int route, String payload) {}

  private final Process process;
  private final int port;
  private final List<String> routeResults = new ArrayList<>();
  private final BlockingQueue<Dispatched> events = new LinkedBlockingQueue<>();

  private ArgoWebhook(Process process, BufferedReader out, int routes) throws IOException {
    this.process = process;
    String first = out.readLine();
    if (first == null || !first.startsWith("LISTENING ")) {
      throw new IllegalStateException("Argo's webhook oracle did not start: " + first);
    }
    port = Integer.parseInt(first.substring("LISTENING ".length()));
    for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
      routeResults.add(line.substring(line.indexOf(' ', "ROUTE ".length()) + 1));
    }
    if (routeResults.size() != routes) {
      throw new IllegalStateException("Argo's webhook oracle reported " + routeResults);
    }
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.startsWith("EVENT ")) {
                    int space = line.indexOf(' ', 6);
                    events.add(
                        new Dispatched(
                            Integer.parseInt(line.substring(6, space)), line.substring(space + 1)));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "argo-webhook-oracle-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts Argo's webhook HTTP server with {@code routes}, registered in this order. */
  static ArgoWebhook start(List<Route> routes, Path dir) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    for (Route r : routes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("endpoint", r.endpoint());
      m.put("method", r.method());
      m.put("port", "12000");
      m.put("authToken", r.authToken());
      m.put("maxPayloadSize", r.maxPayloadSize());
      m.put("active", r.active());
      list.add(m);
    }
    config.put("routes", list);
    Path file = Files.createTempFile(dir, "argo-webhook", ".json");
    new ObjectMapper().writeValue(file.toFile(), config);
    // Go's server logs to stderr (e.g. Argo's second WriteHeader after a failed body): to a file,
    // never a full pipe
    Process p =
        new ProcessBuilder(binary().toString(), file.toString())
            .redirectError(Files.createTempFile(dir, "argo-webhook", ".stderr").toFile())
            .start();
    return new ArgoWebhook(
        p,
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
        routes.size());
  }

  /** For each template: "ok", or "error " and mux's reason why Argo's router cannot route to it. */
  static List<String> check(List<String> templates) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(binary().toString(), "-check")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      for (String t : templates) {
        in.write(t + "\n");
      }
    }
    List<String> out =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || out.size() != templates.size()) {
      throw new IllegalStateException("Argo's webhook oracle -check answered " + out);
    }
    return out;
  }

  int port() {
    return port;
  }

  /** Per route, in order: "ok", or "error " and why mux refused its template. */
  List<String> routeResults() {
    return routeResults;
  }

  /** The next event Argo dispatched, or null when none comes within {@code timeout}. */
  Dispatched pollEvent(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds the oracle once per test JVM, in GOPATH mode against Debian's gorilla/mux. */
  private static synchronized Path binary() throws IOException {
    if (built) {
      return BINARY;
    }
    if (!Files.isDirectory(GOPATH.resolve("src/github.com/gorilla/mux"))) {
      throw new IllegalStateException(
          "the parity tests run Argo's webhook code on gorilla/mux: install the Debian "
              + "packages golang-go and golang-github-gorilla-mux-dev (.ci/run does)");
    }
    Files.createDirectories(BINARY.getParent());
    ProcessBuilder go =
        new ProcessBuilder("go", "build", "-o", BINARY.toAbsolutePath().toString(), ".")
            .directory(SOURCE.toFile())
            .redirectErrorStream(true);
    go.environment().put("GO111MODULE", "off");
    go.environment().put("GOPATH", GOPATH.toString());
    go.environment().put("GOFLAGS", "");
    go.environment()
        .put("GOCACHE", BINARY.getParent().resolve("cache").toAbsolutePath().toString());
    Process p;
    try {
      p = go.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "the parity tests build Argo's webhook code with Go: install the Debian "
              + "package golang-go (.ci/run does): "
              + e.getMessage(),
          e);
    }
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("building Argo's webhook oracle failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while building the oracle"));
    }
    built = true;
    return BINARY;
  }
}
