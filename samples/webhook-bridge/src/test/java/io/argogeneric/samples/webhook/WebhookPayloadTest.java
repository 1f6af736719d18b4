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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The payload as Go's encoding/json and net/http shape it in Argo's webhook eventsource. */
class WebhookPayloadTest {

  @Test
  @DisplayName(
      "Header names take Go's canonical form; a name with a byte outside the token set stays as it is")
  void canonicalHeaderKeys() {
    assertThat(WebhookPayload.canonicalHeaderKey("accept-encoding")).isEqualTo("Accept-Encoding");
    assertThat(WebhookPayload.canonicalHeaderKey("uSER-aGENT")).isEqualTo("User-Agent");
    assertThat(WebhookPayload.canonicalHeaderKey("x-github-event")).isEqualTo("X-Github-Event");
    assertThat(WebhookPayload.canonicalHeaderKey("x-1a")).isEqualTo("X-1a");
    assertThat(WebhookPayload.canonicalHeaderKey("WWW-AUTHENTICATE")).isEqualTo("Www-Authenticate");
    assertThat(WebhookPayload.canonicalHeaderKey("foo bar")).isEqualTo("foo bar");
    assertThat(WebhookPayload.canonicalHeaderKey("x_under")).isEqualTo("X_under");
  }

  @Test
  @DisplayName(
      "Headers are grouped by canonical name in order; Host and Transfer-Encoding are left out; Authorization masked")
  void headerMap() {
    Map<String, List<String>> h =
        WebhookPayload.headers(
            List.of(
                Map.entry("x-a", "1"),
                Map.entry("Host", "example"),
                Map.entry("X-A", "2"),
                Map.entry("authorization", "Bearer one"),
                Map.entry("Authorization", "Bearer two"),
                Map.entry("transfer-encoding", "chunked")));
    assertThat(h)
        .containsExactly(
            Map.entry("Authorization", List.of(WebhookPayload.MASKED_AUTHORIZATION)),
            Map.entry("X-A", List.of("1", "2")));
  }

  @Test
  @DisplayName("A JSON body is embedded compacted, whitespace inside strings and escapes kept")
  void jsonBodyIsCompacted() throws Exception {
    assertThat(body(" { \"a b\" : \"x \\\" y\" ,\n\t\"c\" : [ 1 , 2.50 ] } "))
        .isEqualTo("{\"a b\":\"x \\\" y\",\"c\":[1,2.50]}");
    assertThat(body("\"\\\\\"")).isEqualTo("\"\\\\\"");
    assertThat(body("  ")).isEqualTo("null");
    assertThat(body("42")).isEqualTo("42");
  }

  @Test
  @DisplayName("A body that is not exactly one JSON value is refused with where it went wrong")
  void badJsonIsRefused() {
    assertThatThrownBy(() -> body("{\"a\":1,}"))
        .hasMessageStartingWith("invalid JSON body: ")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> body("[1] 2"))
        .hasMessage("invalid JSON body: unexpected value after the JSON value at line 1, column 6");
    assertThatThrownBy(() -> body("{\"a\":\"\u0001\"}")).hasMessageContaining("invalid JSON body");
    assertThatThrownBy(() -> body("nul")).hasMessageContaining("invalid JSON body");
  }

  @Test
  @DisplayName(
      "The payload has Go's field order, sorted map keys, and no metadata key when there is none")
  void payloadShape() {
    byte[] p =
        WebhookPayload.payload(
            Map.of("X-B", List.of("2"), "X-A", List.of("1")),
            "[1]".getBytes(StandardCharsets.UTF_8),
            Map.of("z", "last", "a", "first"));
    assertThat(new String(p, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"header\":{\"X-A\":[\"1\"],\"X-B\":[\"2\"]},\"body\":[1],\"metadata\":{\"a\":\"first\",\"z\":\"last\"}}");
    assertThat(
            new String(
                WebhookPayload.payload(Map.of(), "null".getBytes(StandardCharsets.UTF_8), Map.of()),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"header\":{},\"body\":null}");
  }

  private static String body(String json) throws WebhookPayload.BadBody {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new String(WebhookPayload.jsonBody(b, b.length), StandardCharsets.UTF_8);
  }
}
