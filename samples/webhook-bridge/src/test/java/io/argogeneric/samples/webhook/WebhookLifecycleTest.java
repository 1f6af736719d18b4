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

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Streams that come and go leave nothing behind: no listener on a port they chose, no thread, no
 * file descriptor, no config. The bridge runs from flags with a short endpoint grace; clients are
 * plain grpc-java streams (the testkit keeps every run's context for its own checks, so it cannot
 * show what the bridge lets go).
 */
class WebhookLifecycleTest {
  private static final String GRACE = "300ms";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** One client for the whole class: each JDK HttpClient has a selector thread of its own. */
  private static final java.net.http.HttpClient CLIENT = Http.defaultClient();

  private final List<GrpcReader> readers = new ArrayList<>();
  private RunningServer server;

  @AfterEach
  void stop() {
    readers.forEach(GrpcReader::close);
    if (server != null) {
      server.close();
    }
  }

  private WebhookBridge launch() throws IOException {
    WebhookBridge bridge = new WebhookBridge();
    server =
        bridge.launch(
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--http-port",
            "0",
            "--http-bind",
            "127.0.0.1",
            "--http-endpoint-grace",
            GRACE);
    return bridge;
  }

  private GrpcReader stream(String name, String config) {
    GrpcReader r = new GrpcReader(server.port(), name, config);
    readers.add(r);
    return r;
  }

  /**
   * Waits until {@code path} on {@code port} is declared: a GET to a POST endpoint gets 405 and
   * emits nothing.
   */
  private static void awaitDeclared(WebhookBridge bridge, int configuredPort, String path)
      throws InterruptedException {
    Waits.until(
        "endpoint " + path + " to be declared",
        PATIENCE,
        () -> {
          int port = bridge.boundHttpPort(configuredPort);
          return port > 0 && http(port).get(path).statusCode() == 405;
        });
  }

  private static Http http(int port) {
    return new Http("http", port, CLIENT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean refuses(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }

  private static long openFileDescriptors() {
    return ((com.sun.management.UnixOperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean())
        .getOpenFileDescriptorCount();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  @DisplayName(
      "30 short streams, each on a port of its own: every listener closes after the grace; threads and fds return")
  void listenersOnClientChosenPortsClose() throws Exception {
    WebhookBridge bridge = launch();
    stream("default", "endpoint: /default");
    awaitDeclared(bridge, 0, "/default");
    long threadsBefore = Thread.activeCount();
    long fdsBefore = openFileDescriptors();

    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int port = freePort();
      GrpcReader reader = stream("own" + i, "endpoint: /own\nport: " + port);
      awaitDeclared(bridge, port, "/own");
      HttpResponse<String> r = http(port).postJson("/own", "{\"i\":" + i + "}");
      assertThat(r.statusCode()).as("POST to port %d: %s", port, r.body()).isEqualTo(200);
      reader.awaitReceived(1, Duration.ofSeconds(10));
      reader.close();
      ports.add(port);
    }
    long threadsDuring = Thread.activeCount();

    Waits.until(
        "every client-chosen port to be closed",
        PATIENCE,
        () -> ports.stream().allMatch(WebhookLifecycleTest::refuses));
    Waits.until(
        "their listeners' threads to end",
        PATIENCE,
        () -> ports.stream().allMatch(p -> threadsNamed("webhook-http-" + p + "-") == 0));
    // slack for the test's own gRPC and HTTP clients, whose pools grow lazily; each listener has 7
    // or more
    try {
      Waits.until(
          "live threads to return to the baseline",
          PATIENCE,
          () -> Thread.activeCount() <= threadsBefore + 20);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; threads: "
              + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList(),
          e);
    }
    Waits.until(
        "file descriptors to return to the baseline",
        PATIENCE,
        () -> openFileDescriptors() <= fdsBefore + 16);
    assertThat(bridge.openHttpListeners())
        .as("only the --http-port listener stays open")
        .isEqualTo(1);
    assertThat(http(bridge.boundHttpPort()).get("/default").statusCode()).isEqualTo(405);
    System.out.printf(
        "listeners: threads %d before, %d with 30 ports used, %d after; fds %d before, %d after%n",
        threadsBefore, threadsDuring, Thread.activeCount(), fdsBefore, openFileDescriptors());
  }

  @Test
  @DisplayName(
      "40 ended streams with 900 KB of metadata each: their configs are released (heap back to the baseline)")
  void endedEndpointsReleaseTheirConfig() throws Exception {
    WebhookBridge bridge = launch();
    stream("warmup", "endpoint: /warmup");
    awaitDeclared(bridge, 0, "/warmup");
    long heapBefore = usedHeapAfterGc();

    StringBuilder metadata = new StringBuilder("metadata:\n");
    for (int k = 0;
        k < 15;
        k++) { // 15 lines of 60,000 characters: YAML lines over 64 Ki are refused
      metadata.append("  k").append(k).append(": ").append("m".repeat(60_000)).append('\n');
    }
    for (int i = 0; i < 40; i++) {
      GrpcReader reader = stream("big" + i, "endpoint: /big" + i + "\n" + metadata);
      awaitDeclared(bridge, 0, "/big" + i);
      reader.close();
    }
    long heapDuring = usedHeapAfterGc();
    // no request reaches the ended endpoints: their state must go on its own
    Waits.until(
        "the ended endpoints' configs to be released",
        PATIENCE,
        () -> usedHeapAfterGc() < heapBefore + 12_000_000L);
    Waits.until(
        "the ended endpoints to be forgotten", PATIENCE, () -> bridge.endpointCount(0) == 1);
    System.out.printf(
        "endpoint state: used heap after GC %d MB before, %d MB with 40 ended, %d MB after%n",
        heapBefore >> 20, heapDuring >> 20, usedHeapAfterGc() >> 20);
  }
}
