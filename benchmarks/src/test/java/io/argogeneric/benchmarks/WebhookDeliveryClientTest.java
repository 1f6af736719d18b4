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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client behind webhook-jetstream.sh: its request bodies, its bookkeeping of what arrived, and
 * a tiny paced run against the bridge (without JetStream; the script runs it with).
 */
class WebhookDeliveryClientTest {
  @Test
  void bodyHasTheAskedSizeIsJsonAndCarriesIdAndSendTime() throws Exception {
    String body = WebhookDeliveryClient.Body.template(12345678, 200);
    byte[] b = body.getBytes(StandardCharsets.US_ASCII);
    WebhookDeliveryClient.Body.write(
        b, WebhookDeliveryClient.Body.idOffset(), WebhookDeliveryClient.Body.ID_DIGITS, 4711);
    WebhookDeliveryClient.Body.write(
        b,
        WebhookDeliveryClient.Body.timeOffset(),
        WebhookDeliveryClient.Body.T_DIGITS,
        987654321012L);
    String stamped = new String(b, StandardCharsets.US_ASCII);
    assertThat(stamped).hasSize(200);
    JsonNode json = new ObjectMapper().readTree(stamped);
    assertThat(json.get("id").asText()).isEqualTo("0000004711");
    // the bridge embeds the body in its payload as it came
    assertThat(WebhookDeliveryClient.Body.parse("{\"header\":{},\"body\":" + stamped + "}"))
        .containsExactly(12345678L, 4711L, 987654321012L);
    assertThat(WebhookDeliveryClient.Body.parse("{\"body\":{\"other\":1}}")).isNull();
  }

  @Test
  void countsLostDuplicateForeignAndUnansweredEvents() {
    long run = 11111111;
    WebhookDeliveryClient.Received r = new WebhookDeliveryClient.Received(run);
    BitSet ok = new BitSet();
    ok.set(0, 4); // ids 0..3 answered 2xx
    for (long id : List.of(0L, 1L, 1L, 3L, 5L)) { // 2 never arrives, 1 twice, 5 got no 2xx
      assertThat(r.add(event(run, id, 42))).isEqualTo(42);
    }
    assertThat(r.add(event(22222222, 2, 42))).isEqualTo(-1); // an earlier run's event
    assertThat(r.add("not a request of this client")).isEqualTo(-1);
    assertThat(r.unique.get()).isEqualTo(4);
    assertThat(r.lost(ok)).isEqualTo(1);
    assertThat(r.duplicates).isEqualTo(1);
    assertThat(r.foreign).isEqualTo(2);
    assertThat(r.without2xx(ok)).isEqualTo(1);
  }

  @Test
  void nonSuccessCodesAreListedWithTheirCounts() {
    long[] statuses = new long[600];
    statuses[200] = 9;
    statuses[503] = 3;
    statuses[429] = 1;
    assertThat(WebhookDeliveryClient.codes(statuses)).isEqualTo("429:1,503:3");
    assertThat(WebhookDeliveryClient.codes(new long[600])).isEqualTo("-");
  }

  private static String event(long run, long id, long sent) {
    byte[] b = WebhookDeliveryClient.Body.template(run, 100).getBytes(StandardCharsets.US_ASCII);
    WebhookDeliveryClient.Body.write(
        b, WebhookDeliveryClient.Body.idOffset(), WebhookDeliveryClient.Body.ID_DIGITS, id);
    WebhookDeliveryClient.Body.write(
        b, WebhookDeliveryClient.Body.timeOffset(), WebhookDeliveryClient.Body.T_DIGITS, sent);
    return "{\"body\":" + new String(b, StandardCharsets.US_ASCII) + "}";
  }

  @Test
  void pacedRunAgainstTheBridgeKeepsToTheRateAndDeliversEvery2xx() throws Exception {
    int httpPort = freePort();
    Process bridge = JarProcessTest.startWebhookBridge(httpPort);
    try {
      int grpcPort = JarProcessTest.awaitPort(bridge);
      WebhookDeliveryClient.Summary s =
          WebhookDeliveryClient.run(
              WebhookDeliveryClient.Options.parse(
                  "--targets",
                  "127.0.0.1:" + httpPort,
                  "--grpc",
                  "127.0.0.1:" + grpcPort,
                  "--connections",
                  "2",
                  "--rate",
                  "100",
                  "--duration",
                  "1",
                  "--body-size",
                  "128",
                  "--server-pids",
                  Long.toString(bridge.pid())));
      assertThat(s.ok()).isPositive();
      // the schedule holds at most rate x duration requests in the window, whatever the machine
      assertThat(s.ok() + s.non2xx()).isLessThanOrEqualTo(100 + 2);
      assertThat(s.lost()).isZero();
      assertThat(s.received()).isEqualTo(s.okTotal());
      assertThat(s.deliveryP50Micros()).isPositive();
      assertThat(s.line())
          .startsWith("targets=1 connections=2 rate=100 body=128 ")
          .contains(" lost=0 duplicates=0 ", " delivery_p99_us=", " server_cpu_us_per_request=");
    } finally {
      bridge.destroy();
      if (!bridge.waitFor(20, TimeUnit.SECONDS)) {
        bridge.destroyForcibly();
      }
    }
  }

  @Test
  void refusesBadOptions() {
    assertThatThrownBy(() -> WebhookDeliveryClient.Options.parse("--grpc", "127.0.0.1:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--targets");
    assertThatThrownBy(() -> WebhookDeliveryClient.Options.parse("--targets", "127.0.0.1:1"))
        .hasMessageContaining("--grpc");
    assertThatThrownBy(() -> WebhookDeliveryClient.Options.parse("--targets", "localhost"))
        .hasMessageContaining("HOST:PORT");
    assertThatThrownBy(
            () ->
                WebhookDeliveryClient.Options.parse(
                    "--targets", "a:1,b:2,c:3", "--grpc", "a:9", "--connections", "2"))
        .hasMessageContaining("--connections");
    assertThatThrownBy(
            () ->
                WebhookDeliveryClient.Options.parse(
                    "--targets", "a:1", "--grpc", "a:9", "--body-size", "40"))
        .hasMessageContaining("--body-size");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
