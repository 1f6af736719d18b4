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

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.get;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A config with several mistakes, sent over a real loopback connection as Argo would send it. */
class ConfigErrorsOverGrpcTest {

  static final class EndpointsPlugin extends EventingServer<EndpointsPlugin.Config> {
    record Endpoint(@JsonProperty(required = true) String host, int port) {}

    record Config(
        @JsonProperty(required = true) String name, Duration every, List<Endpoint> endpoints) {}

    final AtomicInteger starts = new AtomicInteger();

    EndpointsPlugin() {
      super(Config.class);
    }

    @Override
    public void validate(Config config, ConfigErrors errors) {
      if (config.endpoints() != null) {
        for (int i = 0; i < config.endpoints().size(); i++) {
          Endpoint e = config.endpoints().get(i);
          if (e != null && e.port() > 65535) {
            errors.add("endpoints[" + i + "].port", "must be at most 65535");
          }
        }
      }
    }

    @Override
    public void start(StreamContext<Config> stream) {
      starts.incrementAndGet();
    }
  }

  @Test
  void oneInvalidArgumentListsEveryProblemAndCountsEachFieldOnce() throws Exception {
    EndpointsPlugin plugin = new EndpointsPlugin();
    try (RunningServer server =
        plugin.launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0")) {
      ManagedChannel ch = plaintext(server.port());
      try {
        Status status =
            open(
                    ch,
                    "many",
                    """
                    evry: 5s
                    endpoints:
                      - {host: a, port: 80}
                      - {host: b, port: 70000}
                      - {host: c, port: eighty, tls: true}
                    """,
                    null)
                .awaitEnd(Duration.ofSeconds(30));
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription())
            .isEqualTo(
                "evry: unknown key 'evry'; did you mean 'every'?; "
                    + "endpoints[2].port: cannot use 'eighty': must be a whole number; "
                    + "endpoints[2].tls: unknown key 'tls'; known keys: [host, port]; "
                    + "name: is required; "
                    + "endpoints[1].port: must be at most 65535");
        assertThat(plugin.starts.get()).isZero();
        String metrics = get(server.adminPort(), "/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("eventsource_config_errors_total{")))
            .as("each field once per refusal: two unknown keys are one (other)")
            .containsExactlyInAnyOrder(
                "eventsource_config_errors_total{field=\"(other)\"} 1.0",
                "eventsource_config_errors_total{field=\"endpoints[].port\"} 1.0",
                "eventsource_config_errors_total{field=\"name\"} 1.0");
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
