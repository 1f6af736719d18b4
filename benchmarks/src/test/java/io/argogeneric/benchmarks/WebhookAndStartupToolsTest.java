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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Smoke runs, at tiny size, of the tools behind targets 6 and 7 of run-comparison.sh: the HTTP load
 * client against the bare Jetty server and against the webhook bridge with a subscriber, and the
 * start-up probe. They check that each runs and prints its summary; they time nothing.
 */
class WebhookAndStartupToolsTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void loadClientGetsEveryRequestAnswered200ByTheBareServer() throws Exception {
    Server server = BareHttpServer.start("127.0.0.1", 0, "/hook");
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpLoadClient.Summary s =
          HttpLoadClient.run(
              HttpLoadClient.Options.parse(
                  "--port",
                  Integer.toString(port),
                  "--connections",
                  "4",
                  "--duration",
                  "1",
                  "--body-size",
                  "64"));
      assertThat(s.ok()).isPositive();
      assertThat(s.non2xx()).isZero();
      assertThat(s.errors()).isZero();
      assertThat(s.received()).isEqualTo(-1);
      assertThat(s.line())
          .startsWith("connections=4 endpoints=1 subscriber=none body=64 ")
          .contains(" requests_per_s=", " p99_us=")
          .doesNotContain("received=");
    } finally {
      server.stop();
    }
  }

  @Test
  void everyRequestTheBridgeAnswered2xxReachesTheSubscriber() throws Exception {
    runAgainstTheBridge("--connections", "4");
  }

  @Test
  void asyncSubscribersOnSeveralEndpointsReceiveEveryRequestAnswered2xx() throws Exception {
    HttpLoadClient.Summary s =
        runAgainstTheBridge("--connections", "4", "--endpoints", "2", "--subscriber", "async");
    assertThat(s.line()).startsWith("connections=4 endpoints=2 subscriber=async ");
  }

  private HttpLoadClient.Summary runAgainstTheBridge(String... flags) throws Exception {
    int httpPort = freePort();
    // the bridge is a test dependency: start it as a process, as run-comparison.sh starts its jar
    Process bridge = JarProcessTest.startWebhookBridge(httpPort);
    try {
      int grpcPort = JarProcessTest.awaitPort(bridge);
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of(
                  "--port",
                  Integer.toString(httpPort),
                  "--grpc-port",
                  Integer.toString(grpcPort),
                  "--duration",
                  "1",
                  "--body-size",
                  "64",
                  "--server-pid",
                  Long.toString(bridge.pid())));
      args.addAll(java.util.List.of(flags));
      HttpLoadClient.Summary s =
          HttpLoadClient.run(HttpLoadClient.Options.parse(args.toArray(String[]::new)));
      assertThat(s.ok()).isPositive();
      assertThat(s.received()).isEqualTo(s.okTotal());
      assertThat(s.line())
          .contains(" received=" + s.okTotal() + " undelivered=0", " server_cpu_us_per_request=");
      return s;
    } finally {
      bridge.destroy();
      if (!bridge.waitFor(20, TimeUnit.SECONDS)) {
        bridge.destroyForcibly();
      }
    }
  }

  @Test
  void startupProbeTimesAServerJarToServing() throws Exception {
    StartupProbe.Summary s =
        StartupProbe.run(
            StartupProbe.Options.parse(
                "--label",
                "firehose",
                "--runs",
                "1",
                "--",
                JAVA,
                "-Xmx256m",
                "-jar",
                Path.of("target", "firehose-eventsource.jar").toString(),
                "--port",
                "{port}",
                "--bind",
                "127.0.0.1"));
    assertThat(s.millis()).hasSize(1);
    assertThat(s.line())
        .matches("label=firehose runs=1 median_ms=\\d+ min_ms=\\d+ max_ms=\\d+ all_ms=\\d+");
  }

  @Test
  void startupProbeRefusesACommandWithoutAPortPlaceholder() {
    assertThatThrownBy(() -> StartupProbe.Options.parse("--runs", "1", "--", JAVA, "-jar", "x.jar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{port}");
    assertThatThrownBy(() -> StartupProbe.Options.parse("--runs", "0", "--", "x", "{port}"))
        .hasMessageContaining("--runs");
  }

  @Test
  void loadClientRefusesBadOptions() {
    assertThatThrownBy(() -> HttpLoadClient.Options.parse("--connections", "4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> HttpLoadClient.Options.parse("--port", "1", "--connections", "0"))
        .hasMessageContaining("--connections");
    assertThatThrownBy(() -> HttpLoadClient.Options.parse("--port", "1", "--path", "hook"))
        .hasMessageContaining("--path");
    assertThatThrownBy(
            () ->
                HttpLoadClient.Options.parse(
                    "--port", "1", "--connections", "2", "--endpoints", "3"))
        .hasMessageContaining("--endpoints");
    assertThatThrownBy(() -> HttpLoadClient.Options.parse("--port", "1", "--subscriber", "fast"))
        .hasMessageContaining("--subscriber");
  }

  @Test
  void requestBodyHasExactlyTheAskedSize() {
    byte[] r =
        HttpLoadClient.request(HttpLoadClient.Options.parse("--port", "1", "--body-size", "100"));
    String text = new String(r, java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(text).contains("Content-Length: 100\r\n");
    assertThat(text.substring(text.indexOf("\r\n\r\n") + 4))
        .hasSize(100)
        .startsWith("{\"pad\":\"")
        .endsWith("\"}");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
