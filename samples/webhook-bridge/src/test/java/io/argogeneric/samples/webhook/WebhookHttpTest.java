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

import com.fasterxml.jackson.databind.JsonNode;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every HTTP answer of the bridge, over real HTTP and a real gRPC loopback stream. */
class WebhookHttpTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration GRACE = Duration.ofMillis(800);

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(
              () ->
                  new WebhookBridge()
                      .withHttpPort(0)
                      .withEndpointGrace(GRACE)
                      .withAcceptTimeout(Duration.ofMillis(200)))
          .overLoopback();

  @TempDir Path dir;

  private Http http() {
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    assertThat(port).as("the default HTTP listener is open").isPositive();
    return Http.to(port);
  }

  private static void assertAnswer(HttpResponse<String> r, int status, String reasonContains) {
    assertThat(r.statusCode())
        .as("status of %s: %s", r.request().uri(), r.body())
        .isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body()).contains(reasonContains);
    assertThat(r.body().strip()).as("a one-line reason").doesNotContain("\n");
  }

  @Test
  @DisplayName(
      "A JSON POST becomes Argo's webhook payload: canonical headers, compacted body, metadata; 200 after the emit")
  void jsonPostBecomesArgoPayload() {
    TestStream stream = es.open("hook", "endpoint: /hook\nmetadata: {team: a, env: prod}");
    HttpResponse<String> r =
        http()
            .send(
                http()
                    .request("/hook")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{ \"a\" : 1,\n \"b\": [true, \"x y\"] }"))
                    .header("content-type", "application/json")
                    .header("x-github-EVENT", "push")
                    .header("X-Multi", "one")
                    .header("X-Multi", "two")
                    .build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().strip()).isEqualTo("success");

    ReceivedEvent e = stream.awaitEvent(WAIT);
    String text = e.text();
    assertThat(text)
        .startsWith("{\"header\":{")
        .contains(",\"body\":{\"a\":1,\"b\":[true,\"x y\"]},")
        .endsWith(",\"metadata\":{\"env\":\"prod\",\"team\":\"a\"}}");
    JsonNode header = e.json().get("header");
    assertThat(header.get("Content-Type").toString()).isEqualTo("[\"application/json\"]");
    assertThat(header.get("X-Github-Event").toString()).isEqualTo("[\"push\"]");
    assertThat(header.get("X-Multi").toString()).isEqualTo("[\"one\",\"two\"]");
    assertThat(header.has("Host")).as("Go moves Host out of the header map").isFalse();
    List<String> names = new ArrayList<>();
    header.fieldNames().forEachRemaining(names::add);
    assertThat(names).isSorted();
  }

  @Test
  @DisplayName(
      "GET gives the query parameters as a map of lists; a form POST gives its fields; an empty body gives null")
  void queryFormAndEmptyBodies() {
    TestStream get = es.open("get", "endpoint: /q\nmethod: GET");
    TestStream form = es.open("form", "endpoint: /form");
    assertThat(http().get("/q?x=1&y=a%20b&x=2").statusCode()).isEqualTo(200);
    assertThat(get.awaitEvent(WAIT).json().get("body").toString())
        .isEqualTo("{\"x\":[\"1\",\"2\"],\"y\":[\"a b\"]}");
    assertThat(http().get("/q").statusCode()).isEqualTo(200);
    assertThat(get.awaitEvent(WAIT).json().get("body").toString()).isEqualTo("{}");

    HttpResponse<String> r =
        http()
            .send(
                http()
                    .request("/form?ignored=1")
                    .POST(HttpRequest.BodyPublishers.ofString("b=two+words&a=1&a=%C3%A9"))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(form.awaitEvent(WAIT).json().get("body").toString())
        .isEqualTo("{\"a\":[\"1\",\"é\"],\"b\":[\"two words\"]}");

    r = http().send(http().request("/form").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(200);
    ReceivedEvent empty = form.awaitEvent(WAIT);
    assertThat(empty.text()).contains(",\"body\":null}");
    assertThat(empty.json().has("metadata"))
        .as("metadata is left out when empty, as Go's omitempty")
        .isFalse();
  }

  @Test
  @DisplayName("Invalid JSON is refused with 400 naming the problem, and emits nothing")
  void invalidJsonIs400() {
    TestStream stream = es.open("hook", "endpoint: /hook");
    assertAnswer(
        http().postJson("/hook", "{\"a\": tru}"),
        400,
        "invalid JSON body: Unrecognized token 'tru'");
    assertAnswer(
        http().postJson("/hook", "{\"a\": 1} {\"b\": 2}"), 400, "after the JSON value at line 1");
    assertAnswer(http().postJson("/hook", "{\"a\": [1, 2}"), 400, "invalid JSON body");
    assertAnswer(
        http()
            .send(
                http()
                    .request("/hook")
                    .POST(HttpRequest.BodyPublishers.ofString("a=%zz"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .build()),
        400,
        "invalid form body");
    stream.expectNoEvent(Duration.ofMillis(100));
  }

  @Test
  @DisplayName(
      "A missing or wrong bearer token gets 401; the right one 200, and the event shows Authorization masked")
  void bearerTokenAndMasking() {
    TestStream stream = es.open("hook", "endpoint: /hook\nauthToken: s3cret");
    HttpResponse<String> missing = http().postJson("/hook", "{}");
    assertAnswer(missing, 401, "missing bearer token");
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertAnswer(
        http().postJson("/hook", "{}", "Authorization", "Bearer s3cre"),
        401,
        "invalid bearer token");
    assertAnswer(
        http().postJson("/hook", "{}", "Authorization", "Basic czNjcmV0"),
        401,
        "missing bearer token");
    stream.expectNoEvent(Duration.ofMillis(50));

    assertThat(http().postJson("/hook", "{}", "Authorization", "Bearer s3cret").statusCode())
        .isEqualTo(200);
    ReceivedEvent e = stream.awaitEvent(WAIT);
    assertThat(e.json().get("header").get("Authorization").toString())
        .isEqualTo("[\"*** Masked Auth Secret ***\"]");
    assertThat(e.text()).doesNotContain("s3cret");
  }

  @Test
  @DisplayName("Without a configured token, an Authorization header a sender adds is still masked")
  void authorizationMaskedWithoutToken() {
    TestStream stream = es.open("hook", "endpoint: /hook");
    assertThat(http().postJson("/hook", "{}", "Authorization", "Bearer anything").statusCode())
        .isEqualTo(200);
    assertThat(stream.awaitEvent(WAIT).text())
        .contains("\"Authorization\":[\"*** Masked Auth Secret ***\"]")
        .doesNotContain("anything");
  }

  @Test
  @DisplayName(
      "A token file is re-read when it changes: the new token works and the old one gets 401")
  void tokenFileIsReReadOnChange() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first\n");
    TestStream stream = es.open("hook", "endpoint: /hook\nauthTokenFile: " + token);
    assertThat(http().postJson("/hook", "{}", "Authorization", "Bearer first").statusCode())
        .isEqualTo(200);
    stream.awaitEvent(WAIT);

    Files.writeString(token, "second-token\n");
    es.awaitCondition(
        "the rotated token to be accepted",
        WAIT,
        () ->
            http().postJson("/hook", "{}", "Authorization", "Bearer second-token").statusCode()
                == 200);
    assertAnswer(
        http().postJson("/hook", "{}", "Authorization", "Bearer first"),
        401,
        "invalid bearer token");
    stream.awaitEvent(WAIT);
    stream.expectNoEvent(Duration.ofMillis(50));
  }

  @Test
  @DisplayName("An undeclared endpoint gets 404; /health gets 200")
  void undeclaredIs404AndHealthIs200() {
    es.open("hook", "endpoint: /hook");
    assertAnswer(http().postJson("/other", "{}"), 404, "no stream has declared endpoint /other");
    assertAnswer(http().postJson("/hook/", "{}"), 404, "/hook/");
    // Jetty's own refusal, answered like the bridge's: a one-line text/plain reason, not an HTML
    // page
    assertAnswer(http().postJson("/a%0Ab", "{}"), 400, "Suspicious Path Character");
    HttpResponse<String> health = http().get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body().strip()).isEqualTo("OK");
  }

  @Test
  @DisplayName(
      "Overlapping endpoints: the first declared takes the path, keeps its place across a takeover, and loses it after its grace")
  void firstDeclaredEndpointTakesAnOverlappingPath() {
    TestStream template = es.open("template", "endpoint: /o/{x}");
    TestStream literal = es.open("literal", "endpoint: /o/fixed");
    assertThat(http().postJson("/o/fixed", "{}").statusCode()).isEqualTo(200);
    template.awaitEvent(WAIT);

    TestStream takeover = es.open("template", "endpoint: /o/{x}");
    template.assertEndedWith(Status.Code.ABORTED, "superseded", WAIT);
    assertThat(http().postJson("/o/fixed", "{}").statusCode()).isEqualTo(200);
    takeover.awaitEvent(WAIT);

    takeover.cancel();
    es.awaitCondition("both template streams to stop", WAIT, () -> es.pluginRunsStopped() == 2);
    es.awaitCondition(
        "the template's grace to run out and the literal endpoint to take the path",
        WAIT.plus(GRACE),
        () -> http().postJson("/o/fixed", "{}").statusCode() == 200);
    literal.awaitEvent(WAIT);

    TestStream again =
        es.open("template", "endpoint: /o/{x}"); // declared anew: now after the literal
    assertThat(http().postJson("/o/fixed", "{}").statusCode()).isEqualTo(200);
    literal.awaitEvent(WAIT);
    assertThat(http().postJson("/o/other", "{}").statusCode()).isEqualTo(200);
    again.awaitEvent(WAIT);
    literal.expectNoEvent(Duration.ofMillis(50));
  }

  @Test
  @DisplayName("A wrong method gets 405 with an Allow header naming the endpoint's method")
  void wrongMethodIs405() {
    TestStream stream = es.open("hook", "endpoint: /hook\nmethod: put");
    HttpResponse<String> r = http().postJson("/hook", "{}");
    assertAnswer(r, 405, "method POST is not allowed on /hook; use PUT");
    assertThat(r.headers().firstValue("Allow")).hasValue("PUT");
    assertThat(
            http()
                .send(
                    http().request("/hook").PUT(HttpRequest.BodyPublishers.ofString("[1]")).build())
                .statusCode())
        .isEqualTo(200);
    assertThat(stream.awaitEvent(WAIT).json().get("body").toString()).isEqualTo("[1]");
  }

  @Test
  @DisplayName(
      "A body over maxPayloadSize gets 413, whether its length is declared or it is chunked; one at the limit passes")
  void oversizeBodyIs413() {
    TestStream stream = es.open("hook", "endpoint: /hook\nmaxPayloadSize: 100");
    String atLimit = "\"" + "x".repeat(98) + "\"";
    assertThat(http().postJson("/hook", atLimit).statusCode()).isEqualTo(200);
    assertThat(stream.awaitEvent(WAIT).json().get("body").asText()).hasSize(98);

    assertAnswer(
        http().postJson("/hook", "\"" + "x".repeat(99) + "\""),
        413,
        "body of 101 bytes is over maxPayloadSize of 100 bytes");
    byte[] big = ("\"" + "y".repeat(5000) + "\"").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked =
        http()
            .send(
                http()
                    .request("/hook")
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big)))
                    .header("Content-Type", "application/json")
                    .build());
    assertAnswer(chunked, 413, "body is over maxPayloadSize of 100 bytes");
    stream.expectNoEvent(Duration.ofMillis(100));
  }

  @Test
  @DisplayName(
      "While no stream is connected a declared endpoint gets 503 with Retry-After; 200 once one connects; 404 after the grace")
  void unavailableWhileNoStreamThenBack() {
    TestStream first = es.open("hook", "endpoint: /hook");
    assertThat(http().postJson("/hook", "{\"n\":1}").statusCode()).isEqualTo(200);
    first.awaitEvent(WAIT);
    first.cancel();
    es.awaitCondition("the run to stop", WAIT, () -> es.pluginRunsStopped() == 1);

    HttpResponse<String> r = http().postJson("/hook", "{\"n\":2}");
    assertAnswer(r, 503, "no stream is connected for endpoint /hook");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");

    TestStream second = es.open("hook", "endpoint: /hook");
    assertThat(http().postJson("/hook", "{\"n\":3}").statusCode()).isEqualTo(200);
    assertThat(second.awaitEvent(WAIT).json().get("body").get("n").asInt()).isEqualTo(3);

    second.cancel();
    es.awaitCondition("the second run to stop", WAIT, () -> es.pluginRunsStopped() == 2);
    assertThat(http().postJson("/hook", "{}").statusCode()).isEqualTo(503);
    es.awaitCondition(
        "the endpoint to answer 404 after its grace",
        WAIT.plus(GRACE),
        () -> http().postJson("/hook", "{}").statusCode() == 404);
  }

  @Test
  @DisplayName(
      "A newer stream declaring the same endpoint takes it over; the older one ends with ABORTED saying why")
  void newerStreamTakesOverTheEndpoint() {
    TestStream older = es.open("hook-a", "endpoint: /hook");
    TestStream newer = es.open("hook-b", "endpoint: /hook\nmetadata: {who: newer}");
    older.assertEndedWith(
        Status.Code.ABORTED, "superseded by a newer stream for endpoint /hook", WAIT);
    assertThat(http().postJson("/hook", "{}").statusCode()).isEqualTo(200);
    assertThat(newer.awaitEvent(WAIT).json().get("metadata").get("who").asText())
        .isEqualTo("newer");
    assertThat(older.received()).isEmpty();
    assertThat(newer.isOpen()).isTrue();
  }

  @Test
  @DisplayName(
      "When the stream's buffer stays full, a request gets 503 with Retry-After; every 200 arrives once the client reads")
  void fullBufferIs503() {
    TestStream stream = es.openPaused("hook", "endpoint: /hook\nmaxPayloadSize: 2000000");
    String big = "\"" + "z".repeat(400_000) + "\"";
    int accepted = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 200; i++) { // 8 MiB of buffer plus the transport's windows fill long before
      last = http().postJson("/hook", big);
      if (last.statusCode() != 200) {
        break;
      }
      accepted++;
    }
    assertAnswer(last, 503, "the stream's buffer stayed full");
    assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
    stream.resume();
    stream.awaitEvents(accepted, WAIT);
    stream.expectNoEvent(Duration.ofMillis(200));
  }

  @Test
  @DisplayName(
      "An endpoint may name its own port: a second listener opens there, independent of the default one")
  void endpointOnItsOwnPort() throws Exception {
    int own;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      own = free.getLocalPort();
    }
    TestStream stream = es.open("own", "endpoint: /own\nport: " + own);
    assertThat(es.plugin(WebhookBridge.class).boundHttpPort(own)).isEqualTo(own);
    assertThat(Http.to(own).postJson("/own", "{}").statusCode()).isEqualTo(200);
    stream.awaitEvent(WAIT);
    es.open("default", "endpoint: /default");
    assertAnswer(http().postJson("/own", "{}"), 404, "/own");
  }

  @Test
  @DisplayName(
      "A port that cannot be bound ends the stream with UNAVAILABLE naming it; an unreadable token file with INVALID_ARGUMENT")
  void unusablePortOrTokenFileEndsTheStream() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("0.0.0.0"))) {
      TestStream stream = es.open("busy", "endpoint: /busy\nport: " + taken.getLocalPort());
      stream.assertEndedWith(
          Status.Code.UNAVAILABLE,
          "cannot listen for HTTP on 0.0.0.0:" + taken.getLocalPort(),
          WAIT);
    }
    TestStream noFile =
        es.open("nofile", "endpoint: /nofile\nauthTokenFile: " + dir.resolve("missing"));
    noFile.assertEndedWith(Status.Code.INVALID_ARGUMENT, "authTokenFile: not usable", WAIT);
  }

  @Test
  @DisplayName(
      "A request refused before its body arrives (401, 404, 405, 413) still leaves a connection the next request can use")
  void refusedRequestLeavesAReusableConnection() throws Exception {
    TestStream stream = es.open("hook", "endpoint: /hook\nauthToken: t0ken\nmaxPayloadSize: 100");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    String ok =
        "POST /hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0ken\r\nContent-Type: application/json\r\n"
            + "Content-Length: 7\r\n\r\n{\"n\":1}";
    String[][] refusals = {
      {"POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n", "{}", "404"},
      {
        "POST /hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Length: 2\r\n\r\n",
        "{}",
        "401"
      },
      {
        "PUT /hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0ken\r\nContent-Length: 2\r\n\r\n",
        "{}",
        "405"
      },
      {
        "POST /hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0ken\r\nContent-Length: 300\r\n\r\n",
        "\"" + "z".repeat(298) + "\"",
        "413"
      },
      {
        "POST /hook HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0ken\r\nTransfer-Encoding: chunked\r\n\r\n",
        "1388\r\n\"" + "z".repeat(4998) + "\"\r\n0\r\n\r\n",
        "413"
      }, // 5,000 bytes, chunked
    };
    for (String[] refusal : refusals) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5000);
        java.io.OutputStream out = socket.getOutputStream();
        java.io.BufferedReader in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out.write(refusal[0].getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread.sleep(
            150); // the body comes late, as from a sender that writes headers and body apart
        out.write((refusal[1] + ok).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> statusLines = new ArrayList<>();
        for (String line; statusLines.size() < 2 && (line = in.readLine()) != null; ) {
          if (line.startsWith("HTTP/1.1 ")) {
            statusLines.add(line.substring(9, 12));
          }
        }
        assertThat(statusLines)
            .as("answers on one connection after a %s", refusal[2])
            .containsExactly(refusal[2], "200");
      }
      assertThat(stream.awaitEvent(WAIT).text()).contains("\"body\":{\"n\":1}");
    }
  }

  @Test
  @DisplayName(
      "A refusal with more than 64 KiB of body left says Connection: close, and the bridge closes")
  void refusalWithALargeBodyLeftClosesTheConnection() throws Exception {
    es.open("hook", "endpoint: /hook\nmaxPayloadSize: 100");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      // the declared length alone decides: the bridge answers before any of the body is sent
      socket
          .getOutputStream()
          .write(
              ("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: "
                      + (HttpListener.DISCARD_LIMIT + 1)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      List<String> lines = new ArrayList<>();
      for (String line;
          (line = in.readLine()) != null; ) { // to the end: the bridge closes the connection
        lines.add(line);
      }
      assertThat(lines).first().asString().startsWith("HTTP/1.1 413 ");
      assertThat(lines).anySatisfy(l -> assertThat(l).isEqualToIgnoringCase("Connection: close"));
    }
  }
}
