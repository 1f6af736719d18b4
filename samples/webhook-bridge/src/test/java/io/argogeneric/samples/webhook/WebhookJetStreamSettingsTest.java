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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.config.ConfigErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --jetstream's URI and what the bridge refuses with it; no NATS needed. */
class WebhookJetStreamSettingsTest {

  @Test
  void parsesServersAndOptions(@TempDir Path dir) throws Exception {
    Path creds = Files.writeString(dir.resolve("user.creds"), "x");
    JetStreamBridge.Settings s =
        JetStreamBridge.Settings.parse(
            "nats://a:4222,b:4222?creds=" + creds + "&replicas=3&max-bytes=1000&stream=HOOKS");
    assertThat(s.servers()).isEqualTo("nats://a:4222,nats://b:4222");
    assertThat(s.creds()).isEqualTo(creds);
    assertThat(s.replicas()).isEqualTo(3);
    assertThat(s.maxBytes()).isEqualTo(1000);
    assertThat(s.stream()).isEqualTo("HOOKS");
    assertThat(s.bucket()).isEqualTo("webhook-endpoints");
  }

  @Test
  void refusesWhatItCannotUse() {
    for (String[] bad :
        List.of(
            new String[] {"http://a:4222", "must start with nats://"},
            new String[] {"nats://user:pw@a:4222", "no credentials in the URI"},
            new String[] {"nats://a:4222?password=x", "unknown parameter 'password'"},
            new String[] {"nats://a:4222?replicas=9", "replicas=9 must be a whole number 1..5"},
            new String[] {"nats://a:4222?creds=/nonexistent/user.creds", "is not a readable file"},
            new String[] {"nats://a:4222?stream=a.b", "stream and kv names"})) {
      assertThatThrownBy(() -> JetStreamBridge.Settings.parse(bad[0]))
          .as(bad[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad[1]);
    }
  }

  @Test
  void inlineAuthTokenIsRefusedWithJetStreamOnly() {
    WebhookConfig config =
        new WebhookConfig("/hook", null, null, "s3cret", null, null, null, null, null, null, null);
    ConfigErrors without = new ConfigErrors();
    new WebhookBridge().validate(config, without);
    assertThat(without.isEmpty()).isTrue();

    ConfigErrors with = new ConfigErrors();
    new WebhookBridge().withJetStream("nats://127.0.0.1:4222").validate(config, with);
    assertThat(with.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("authToken");
              assertThat(p.message()).contains("authTokenFile").doesNotContain("s3cret");
            });
  }

  @Test
  void eventIdHeaderIsTheSequenceAndCannotBeForged() {
    byte[] frame =
        JetStreamBridge.frame(
            List.of(
                java.util.Map.entry("Content-Type", "application/json"),
                java.util.Map.entry("x-webhook-event-id", "forged")),
            "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String payload =
        new String(
            JetStreamBridge.payload(frame, 42, java.util.Map.of("k", "v")),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(payload)
        .isEqualTo(
            "{\"header\":{\"Content-Type\":[\"application/json\"],\"X-Webhook-Event-Id\":[\"42\"]},"
                + "\"body\":{\"a\":1},\"metadata\":{\"k\":\"v\"}}");
  }

  @Test
  void keyIsThePortAndPathWithTheDefaultPortAsOne() {
    WebhookConfig onDefault =
        new WebhookConfig("/hook", null, null, null, null, null, null, null, null, null, null);
    WebhookConfig on8080 =
        new WebhookConfig("/hook", null, 8080, null, null, null, null, null, null, null, null);
    assertThat(JetStreamBridge.key(onDefault))
        .isNotEqualTo(JetStreamBridge.key(on8080))
        .matches("[0-9a-f]{24}");
  }
}
