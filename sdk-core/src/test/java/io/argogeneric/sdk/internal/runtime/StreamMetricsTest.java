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

import static io.argogeneric.sdk.internal.runtime.AdminTest.value;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.get;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.Counter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Meters on the admin port: what the stream gauges count, and a plugin's own meters. */
class StreamMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Emits one event per stream and counts its starts in a meter of its own. */
  public static final class MeteredPlugin extends EventingServer<MeteredPlugin.Config> {
    public record Config(String kind) {}

    /** The event names this server is deployed for: a small, known set, so a fine tag. */
    private static final Set<String> KNOWN_NAMES = Set.of("orders", "invoices");

    private final boolean outbox;

    MeteredPlugin(boolean outbox) {
      super(Config.class);
      this.outbox = outbox;
    }

    @Override
    public Optional<OutboxSettings> outbox() {
      return outbox ? Optional.of(OutboxSettings.defaults()) : Optional.empty();
    }

    @Override
    public void start(StreamContext<Config> stream) {
      String name = KNOWN_NAMES.contains(stream.eventName()) ? stream.eventName() : "other";
      Counter.builder("myplugin.streams.started")
          .tag("event", name)
          .description("Streams this plugin started")
          .register(stream.metrics())
          .increment();
      stream.emitter().emitText("hello");
    }
  }

  private static RunningServer launch(boolean outbox) throws Exception {
    return new MeteredPlugin(outbox)
        .launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0");
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

  @Test
  void aMeterRegisteredThroughTheStreamIsScrapedWithTheSdks() throws Exception {
    try (RunningServer server = launch(false)) {
      ManagedChannel ch = plaintext(server.port());
      try {
        var orders = open(ch, "orders", "{}", null);
        orders.await(1, WAIT);
        var other = open(ch, "someone-elses-name", "{}", null);
        other.await(1, WAIT);
        String m = metrics(server);
        assertThat(value(m, "myplugin_streams_started_total", "event=\"orders\"")).isEqualTo(1);
        assertThat(value(m, "myplugin_streams_started_total", "event=\"other\"")).isEqualTo(1);
        assertThat(m).contains("# HELP myplugin_streams_started_total Streams this plugin started");
        assertThat(value(m, "eventsource_events_emitted_total", "")).isEqualTo(2);
        orders.cancel();
        other.cancel();
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void streamsActiveCountsConnectedStreamsOnlyAndDetachedRunsHaveTheirOwnGauge() throws Exception {
    try (RunningServer server = launch(true)) {
      ManagedChannel ch = plaintext(server.port());
      try {
        assertThat(value(metrics(server), "eventsource_runs_detached", "")).isZero();
        var first = open(ch, "orders", "{}", null);
        first.await(1, WAIT);
        String connected = metrics(server);
        assertThat(value(connected, "eventsource_streams_active", "")).isEqualTo(1);
        assertThat(value(connected, "eventsource_runs_detached", "")).isZero();

        first.cancel(); // the run outlives its stream: the outbox keeps it for the next one
        Waits.until(
            "the run detached",
            WAIT,
            () -> value(metrics(server), "eventsource_runs_detached", "") == 1);
        assertThat(value(metrics(server), "eventsource_streams_active", ""))
            .as("an alert on streams_active == 0 must fire: no client is connected")
            .isZero();

        var second = open(ch, "orders", "{}", null); // resumes the same run
        Waits.until(
            "the run resumed",
            WAIT,
            () -> value(metrics(server), "eventsource_streams_active", "") == 1);
        assertThat(value(metrics(server), "eventsource_runs_detached", "")).isZero();
        second.cancel();
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
