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
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.get;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin HTTP port: Prometheus metrics that move with the traffic, liveness and readiness. */
class AdminTest {

  @Test
  void metricsUseTheDocumentedNamesAndMoveWhenEventsFlow() throws Exception {
    try (RunningServer server =
        new TestPlugin().launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0")) {
      ManagedChannel ch = plaintext(server.port());
      try {
        String before = metrics(server);
        assertThat(value(before, "eventsource_events_emitted_total", "")).isZero();

        var s = open(ch, "flow", "count: 5", null);
        s.await(5, Duration.ofSeconds(5));
        String during = metrics(server);
        assertThat(value(during, "eventsource_events_emitted_total", "")).isEqualTo(5);
        assertThat(value(during, "eventsource_events_written_total", "")).isEqualTo(5);
        assertThat(value(during, "eventsource_events_written_bytes_total", ""))
            .isGreaterThan(5 * 7);
        assertThat(value(during, "eventsource_streams_active", "")).isEqualTo(1);
        // sampled: every 64th event of a stream, the first included
        assertThat(value(during, "eventsource_events_latency_seconds_count", "")).isEqualTo(1.0);
        s.cancel();

        assertEndedWith(open(ch, "bad", "cont: 1", null), Status.Code.INVALID_ARGUMENT, "cont");
        assertEndedWith(
            open(ch, "throws", "fail: true\ncount: 0", null),
            Status.Code.INTERNAL,
            "plugin failed (error id ");
        Waits.until(
            "ends counted",
            () -> {
              String m = metrics(server);
              return value(m, "eventsource_streams_total", "outcome=\"CANCELLED\"") == 1
                  && value(m, "eventsource_streams_total", "outcome=\"INVALID_ARGUMENT\"") == 1
                  && value(m, "eventsource_streams_total", "outcome=\"INTERNAL\"") == 1;
            });
        String after = metrics(server);
        assertThat(value(after, "eventsource_streams_active", "")).isZero();
        // an unknown key ('cont') is tagged (other): tags come from the config class, not the
        // client
        assertThat(value(after, "eventsource_config_errors_total", "field=\"(other)\""))
            .isEqualTo(1);
        assertThat(value(after, "eventsource_plugin_failures_total", "")).isEqualTo(1);
        // present from the start, so dashboards and alerts see zeros rather than no series
        for (String name :
            new String[] {
              "eventsource_auth_failures_total{reason=\"invalid\"}",
              "eventsource_auth_failures_total{reason=\"missing\"}",
              "eventsource_streams_refused_total{limit=\"max_streams\"}",
              "eventsource_streams_refused_total{limit=\"max_streams_per_peer\"}",
              "eventsource_events_dropped_total{reason=\"drop_newest\"}",
              "eventsource_events_dropped_total{reason=\"block\"}",
              "eventsource_events_dropped_total{reason=\"stream_ended\"}",
              "eventsource_buffer_events ",
              "eventsource_buffer_bytes ",
              "eventsource_events_latency_seconds_bucket{le=\"+Inf\"}",
              "jvm_threads_live_threads "
            }) {
          assertThat(after).contains(name);
        }
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void configErrorSeriesStayBoundedWhateverKeysClientsSend() throws Exception {
    // issue 18.5: the counter was tagged with each unknown key: 20,000 keys made 20,000 series, and
    // 1,000 keys of 40,000 characters made the scrape itself run out of memory
    try (RunningServer server =
        new TestPlugin().launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0")) {
      ManagedChannel ch = plaintext(server.port());
      try {
        java.util.List<RuntimeTestSupport.Stream> refused = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
          // long keys as JSON: YAML refuses a plain key over 1,024 characters before binding
          String config =
              i % 20 == 0 ? "{\"" + "k".repeat(40_000) + i + "\": 1}" : "key" + i + ": 1";
          refused.add(open(ch, "keys", config, null));
        }
        for (RuntimeTestSupport.Stream s : refused) {
          assertThat(s.awaitEnd(Duration.ofSeconds(30)).getCode())
              .isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
        String m = metrics(server);
        assertThat(m.lines().filter(l -> l.startsWith("eventsource_config_errors_total{")))
            .containsExactly("eventsource_config_errors_total{field=\"(other)\"} 400.0");
        assertThat(m.length()).as("scrape size").isLessThan(64 * 1024);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void healthzIsAliveAndUnknownPathsAre404() throws Exception {
    try (RunningServer server =
        new TestPlugin().launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0")) {
      assertThat(get(server.adminPort(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(server.adminPort(), "/readyz").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(server.adminPort(), "/metrics");
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("# TYPE eventsource_events_emitted_total counter");
      assertThat(get(server.adminPort(), "/nope").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void readyzTurns503WhileAShutdownDrainsAndDropsAreCounted() throws Exception {
    RunningServer server =
        new TestPlugin().launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0");
    ManagedChannel ch = plaintext(server.port());
    try {
      // a client that never reads: its buffer cannot drain, so the shutdown waits out its grace
      var stuck = open(ch, "stuck", "count: 2000\nsize: 4096", null, false);
      Waits.until(
          "overflow dropped events",
          () ->
              value(metrics(server), "eventsource_events_dropped_total", "reason=\"drop_newest\"")
                  > 0);
      assertThat(value(metrics(server), "eventsource_buffer_events", "")).isPositive();
      assertThat(value(metrics(server), "eventsource_buffer_bytes", "")).isGreaterThan(4096);
      assertThat(get(server.adminPort(), "/readyz").statusCode()).isEqualTo(200);

      int admin = server.adminPort();
      long t0 = System.nanoTime();
      CompletableFuture<Void> shutdown =
          CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(3)));
      Waits.until("/readyz 503 while draining", () -> status(admin, "/readyz") == 503);
      assertThat(get(admin, "/readyz").body()).contains("draining");
      assertThat(status(admin, "/healthz")).as("alive while draining").isEqualTo(200);
      assertThat(shutdown).as("still draining").isNotDone();
      ManagedChannel probe = plaintext(server.port());
      try {
        assertThat(health(probe)).isNotEqualTo(ServingStatus.SERVING);
      } finally {
        probe.shutdownNow();
      }
      shutdown.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
      stuck.call.request(Integer.MAX_VALUE); // the end comes after what is queued for this client
      Status end = stuck.awaitEnd(Duration.ofSeconds(5));
      assertThat(end.getCode()).as("%s", end).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    } finally {
      ch.shutdownNow();
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  private static int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String metrics(RunningServer server) {
    try {
      HttpResponse<String> r = get(server.adminPort(), "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      return r.body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The sample of {@code name} whose labels contain {@code label} (empty: any), or fail. */
  static double value(String exposition, String name, String label) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)").matcher(exposition);
    while (m.find()) {
      if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError(
        "no sample " + name + (label.isEmpty() ? "" : "{" + label + "}") + " in /metrics");
  }
}
