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

import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge against Argo's own webhook code (the Go oracle in src/test/go/argowebhook, run as a
 * process): the same requests go to both, over real HTTP, and their answers and events are
 * compared.
 */
class WebhookArgoParityTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(
              () -> new WebhookBridge().withHttpPort(0).withEndpointGrace(Duration.ofSeconds(30)))
          .overLoopback();

  @TempDir Path dir;

  private Http bridge() {
    return Http.to(es.plugin(WebhookBridge.class).boundHttpPort());
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  @DisplayName(
      "Endpoint templates route as Argo's gorilla/mux router does: the same endpoint takes the same path, with the same event")
  void templatesRouteAsArgosRouter() throws Exception {
    List<String> endpoints =
        List.of(
            "/repo/{name}",
            "/repo/main",
            "/build/{id:[0-9]+}",
            "/files/{rest:.*}",
            "/org/{org}/repo/{repo}",
            "/dots.in.path",
            "/v{n:[0-9]+}/x",
            "/case/{x:(?i)abc}",
            "/hook",
            "/a/{x}/{x}",
            "/q/{x:a|b}",
            "/nested/{x:[a-z]{2}}",
            "/items/new",
            "/items/{id}");
    List<String> paths =
        List.of(
            "/repo/foo",
            "/repo/main",
            "/repo/",
            "/repo/a/b",
            "/repo/a%20b",
            "/repo/%7Bname%7D",
            "/build/42",
            "/build/4x",
            "/build/",
            "/files/a/b/c",
            "/files/",
            "/org/o/repo/r",
            "/org//repo/r",
            "/dots.in.path",
            "/dotsxinxpath",
            "/v2/x",
            "/v/x",
            "/case/ABC",
            "/case/abd",
            "/repo/foo/",
            "/REPO/foo",
            "/hook",
            "/hook/",
            "/a/1/2",
            "/q/a",
            "/q/ab",
            "/q/b",
            "/nested/ab",
            "/nested/abc",
            "/health",
            "/nowhere",
            "/repo/a%2Fb",
            "//repo/foo",
            "/repo/./foo",
            "/x/../hook",
            "/hook?x=1",
            "/hook;x=1",
            "/a%2F%2Fb",
            "/hook/..?q=1",
            "/repo/%C3%A9",
            "/files/%2E%2E/x",
            "/repo/+",
            "/items/new",
            "/items/7");
    List<TestStream> streams = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      streams.add(es.open("r" + i, "{\"endpoint\": " + json(endpoints.get(i)) + "}"));
    }
    List<String> differences = new ArrayList<>();
    try (ArgoWebhook argo =
        ArgoWebhook.start(endpoints.stream().map(ArgoWebhook.Route::post).toList(), dir)) {
      assertThat(argo.routeResults()).as("mux takes every template").allMatch("ok"::equals);
      Http toArgo = Http.to(argo.port());
      for (String path : paths) {
        String body = "{\"path\":" + json(path) + "}";
        HttpResponse<String> a = toArgo.postJson(path, body);
        HttpResponse<String> b = bridge().postJson(path, body);
        ArgoWebhook.Dispatched d = a.statusCode() == 200 ? argo.pollEvent(WAIT) : null;
        String line =
            path
                + ": Argo "
                + a.statusCode()
                + " "
                + a.body().strip()
                + a.headers().firstValue("Location").orElse("")
                + (d == null ? "" : " -> " + endpoints.get(d.route()))
                + " | bridge "
                + b.statusCode()
                + " "
                + b.body().strip()
                + b.headers().firstValue("Location").orElse("");
        if (d != null) {
          ReceivedEvent e = b.statusCode() == 200 ? streams.get(d.route()).awaitEvent(WAIT) : null;
          if (e == null || !e.text().equals(d.payload())) {
            differences.add(
                line + (e == null ? "" : "\n  argo   " + d.payload() + "\n  bridge " + e.text()));
          }
        } else if (a.statusCode() != b.statusCode()
            || !a.headers().firstValue("Location").equals(b.headers().firstValue("Location"))) {
          differences.add(line);
        }
      }
    }
    for (TestStream s : streams) {
      s.expectNoEvent(Duration.ofMillis(20));
    }
    assertThat(differences).isEmpty();
  }

  @Test
  @DisplayName(
      "A template Argo's router cannot route to is refused with mux's reason; every template it takes is taken")
  void templatesArgosRouterRefusesAreRefused() throws Exception {
    List<String> templates =
        List.of(
            "/a/{x}",
            "/a/{x:(y)}",
            "/a/{",
            "/a/}",
            "/a/{x:[}",
            "/a/{:x}",
            "/a/{x:}",
            "/a/{x:a)(b}",
            "/a/{x:(?:y)}",
            "/a/{x:[0-9]{2,}}",
            "/a/{x:\\d+}",
            "/a/{x:\\pL+}",
            "/a/{x:[[:alpha:]]+}",
            "/a/{x:(?P<n>y)}",
            "/a/{x:a{1001}}",
            "/a/{x:a{1000}}",
            "/a/{x:\\C}",
            "/a/{x:\\z}",
            "/a/{x:a++}",
            "/a/{x:x*?}",
            "/a/{x:(?i)b}",
            "/a/{x:\\Q.*\\E}",
            "/a/{{x}}",
            "/a/{x:{y}}",
            "/a/{x}{y}",
            "/{x:.*}",
            "/a.{ext:json|xml}",
            "/a/{x:(?s).}",
            "/a/{x:\\bq}",
            "/a/{x:[^\\x00-\\x{10FFFF}]}",
            "/a/{x:\\8}");
    List<String> argo = ArgoWebhook.check(templates);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      TestStream s = es.open("t" + i, "{\"endpoint\": " + json(templates.get(i)) + "}");
      boolean refused = !s.isOpen();
      String ours = refused ? String.valueOf(s.awaitEnd(WAIT)) : "open";
      if (refused != argo.get(i).startsWith("error")) {
        differences.add(templates.get(i) + ": Argo " + argo.get(i) + " | bridge " + ours);
      }
      s.cancel();
    }
    assertThat(differences).isEmpty();
  }

  /**
   * One row of the README's table: a request sent alike to Argo and the bridge, each with its
   * endpoint.
   */
  private record Case(
      String name,
      ArgoWebhook.Route argo,
      String bridgeConfig,
      boolean inactive,
      java.util.function.BiFunction<Http, String, HttpResponse<String>> request) {}

  private static Case post(
      String name,
      String extraConfig,
      java.util.function.BiFunction<Http, String, HttpResponse<String>> request) {
    return new Case(name, ArgoWebhook.Route.post("/hook"), extraConfig, false, request);
  }

  private static HttpResponse<String> send(
      Http h, String path, String method, String body, String... headers) {
    HttpRequest.Builder b =
        h.request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return h.send(b.build());
  }

  private static final String FORM = "application/x-www-form-urlencoded";

  /** The cases of the README's table "Argo's answers and the bridge's", in its order. */
  private static List<Case> cases() {
    return List.of(
        post(
            "wrong method",
            "",
            (h, p) -> send(h, p, "PUT", "{}", "Content-Type", "application/json")),
        new Case(
            "method other than GET and POST",
            ArgoWebhook.Route.post("/hook").withMethod("PUT"),
            "method: PUT",
            false,
            (h, p) -> send(h, p, "PUT", "{\"a\":1}", "Content-Type", "application/json")),
        new Case(
            "body over maxPayloadSize",
            ArgoWebhook.Route.post("/hook").withMaxPayloadSize(10),
            "maxPayloadSize: 10",
            false,
            (h, p) -> h.postJson(p, "{\"a\":\"0123456789\"}")),
        post(
            "empty body",
            "",
            (h, p) -> send(h, p, "POST", null, "Content-Type", "application/json")),
        post(
            "body that is not JSON",
            "",
            (h, p) -> send(h, p, "POST", "hello", "Content-Type", "text/plain")),
        post("JSON body", "", (h, p) -> h.postJson(p, "{ \"a\": [1, 2],\n \"b\": \"x y\" }")),
        post(
            "form body",
            "",
            (h, p) -> send(h, p, "POST", "b=two+words&a=1&a=%C3%A9", "Content-Type", FORM)),
        post(
            "form body, `Content-Type` with a parameter",
            "",
            (h, p) -> send(h, p, "POST", "a=1", "Content-Type", FORM + "; charset=utf-8")),
        post(
            "form body with `;` between fields",
            "",
            (h, p) -> send(h, p, "POST", "a=1;b=2", "Content-Type", FORM)),
        post(
            "form body with a bad escape",
            "",
            (h, p) -> send(h, p, "POST", "a=%zz&b=1", "Content-Type", FORM)),
        new Case(
            "GET with a query",
            ArgoWebhook.Route.post("/hook").withMethod("GET"),
            "method: GET",
            false,
            (h, p) -> send(h, p + "?x=1&y=a%20b&x=2&z", "GET", null)),
        new Case(
            "GET without a query",
            ArgoWebhook.Route.post("/hook").withMethod("GET"),
            "method: GET",
            false,
            (h, p) -> send(h, p, "GET", null)),
        new Case(
            "GET with `;` in the query",
            ArgoWebhook.Route.post("/hook").withMethod("GET"),
            "method: GET",
            false,
            (h, p) -> send(h, p + "?a=1;b=2&c=3", "GET", null)),
        post(
            "`Authorization` sent to an endpoint without a token",
            "",
            (h, p) -> h.postJson(p, "{}", "Authorization", "Basic dXNlcjpwYXNz")),
        new Case(
            "the right bearer token",
            ArgoWebhook.Route.post("/hook").withAuthToken("s3cret"),
            "authToken: s3cret",
            false,
            (h, p) -> h.postJson(p, "{}", "Authorization", "Bearer s3cret")),
        new Case(
            "`bearer` in lower case",
            ArgoWebhook.Route.post("/hook").withAuthToken("s3cret"),
            "authToken: s3cret",
            false,
            (h, p) -> h.postJson(p, "{}", "Authorization", "bearer s3cret")),
        new Case(
            "no `Authorization`",
            ArgoWebhook.Route.post("/hook").withAuthToken("s3cret"),
            "authToken: s3cret",
            false,
            (h, p) -> h.postJson(p, "{}")),
        new Case(
            "a wrong bearer token",
            ArgoWebhook.Route.post("/hook").withAuthToken("s3cret"),
            "authToken: s3cret",
            false,
            (h, p) -> h.postJson(p, "{}", "Authorization", "Bearer s3cre")),
        new Case(
            "inactive endpoint",
            ArgoWebhook.Route.post("/hook").inactive(),
            "",
            true,
            (h, p) -> h.postJson(p, "{}")),
        post("undeclared path", "", (h, p) -> h.postJson("/nowhere", "{}")),
        post("path not in clean form", "", (h, p) -> h.postJson("/x/.." + p, "{}")),
        post("`/health`", "", (h, p) -> send(h, "/health", "GET", null)));
  }

  /** What one server answered, and the event it made of the request (null when none). */
  private record Outcome(int status, String body, String event) {
    /**
     * Whether a README cell states this outcome: its status, and its body (Argo writes some twice).
     */
    boolean statedIn(String cell) {
      if (!cell.contains("`" + status + "`")) {
        return false;
      }
      int half = body.length() / 2;
      if (!body.isEmpty()
          && body.length() % 2 == 0
          && body.substring(0, half).equals(body.substring(half))) {
        return cell.contains("`" + body.substring(0, half) + "` twice");
      }
      return body.isEmpty() || cell.contains("`" + body + "`");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** The README's answers table: case, Argo's answer, the bridge's, by case. */
  private static java.util.Map<String, String[]> readmeTable() throws java.io.IOException {
    List<String> lines = java.nio.file.Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("## Argo's answers and the bridge's");
    assertThat(start)
        .as("README.md has the section \"Argo's answers and the bridge's\"")
        .isNotNegative();
    java.util.Map<String, String[]> rows = new java.util.LinkedHashMap<>();
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      String line = lines.get(i);
      if (line.startsWith("| ") && !line.startsWith("| case ")) {
        String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
        rows.put(cells[0], cells);
      }
    }
    return rows;
  }

  @Test
  @DisplayName("Every row of the README's answers table is what Argo's code and the bridge answer")
  void answersTableIsWhatBothAnswer() throws Exception {
    List<Case> cases = cases();
    List<ArgoWebhook.Route> routes = new ArrayList<>();
    List<TestStream> streams = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      String endpoint = "/hook" + i;
      routes.add(
          new ArgoWebhook.Route(
              endpoint,
              c.argo().method(),
              c.argo().authToken(),
              c.argo().maxPayloadSize(),
              c.argo().active()));
      TestStream s = es.open("c" + i, "endpoint: " + endpoint + "\n" + c.bridgeConfig());
      if (c.inactive()) {
        s.cancel();
        es.awaitCondition("the stream to stop", WAIT, () -> es.pluginRunsStopped() >= 1);
      }
      streams.add(s);
    }
    java.util.Map<String, String[]> table = readmeTable();
    List<String> wrong = new ArrayList<>();
    try (ArgoWebhook argo = ArgoWebhook.start(routes, dir)) {
      Http toArgo = Http.to(argo.port());
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        String endpoint = "/hook" + i;
        HttpResponse<String> a = c.request().apply(toArgo, endpoint);
        ArgoWebhook.Dispatched d =
            a.statusCode() == 200 ? argo.pollEvent(Duration.ofMillis(500)) : null;
        HttpResponse<String> b = c.request().apply(bridge(), endpoint);
        ReceivedEvent e =
            b.statusCode() == 200 && !c.name().equals("`/health`")
                ? streams.get(i).awaitEvent(WAIT)
                : null;
        Outcome argoOutcome =
            new Outcome(
                a.statusCode(),
                a.body().strip().replace(endpoint, "/hook"),
                d == null ? null : d.payload());
        Outcome ours =
            new Outcome(
                b.statusCode(),
                b.body().strip().replace(endpoint, "/hook"),
                e == null ? null : e.text());
        String[] row = table.get(c.name());
        if (row == null) {
          wrong.add(c.name() + ": no row in README.md; Argo " + argoOutcome + ", bridge " + ours);
          continue;
        }
        if (!argoOutcome.statedIn(row[1])) {
          wrong.add(c.name() + ": Argo answers " + argoOutcome + ", README says " + row[1]);
        }
        if (!ours.statedIn(row[2])) {
          wrong.add(c.name() + ": the bridge answers " + ours + ", README says " + row[2]);
        }
        if (argoOutcome.event() != null && ours.event() != null) {
          if (!argoOutcome.event().equals(ours.event())) {
            wrong.add(
                c.name()
                    + ": different events\n  Argo   "
                    + argoOutcome.event()
                    + "\n  bridge "
                    + ours.event());
          } else if (!row[2].contains("same event")) {
            wrong.add(c.name() + ": both make the same event; README should say so");
          }
        }
      }
    }
    assertThat(table.keySet())
        .as("rows of the README's table, each backed by a case here")
        .containsExactlyInAnyOrderElementsOf(cases.stream().map(Case::name).toList());
    assertThat(wrong).isEmpty();
  }

  @Test
  @DisplayName("Argo's keys a generic server cannot honour are refused saying what to use instead")
  void argoKeysTheBridgeCannotHonourAreRefusedWithWhatToUse() {
    TestStream auth =
        es.open("auth", "endpoint: /a\nauthSecret: {name: webhook-secret, key: token}");
    auth.assertEndedWith(
        io.grpc.Status.Code.INVALID_ARGUMENT, "authSecret: is Argo's Secret reference", WAIT);
    assertThat(auth.awaitEnd(WAIT).getDescription())
        .contains("set authTokenFile to the mounted file")
        .doesNotContain("unknown key");

    TestStream tls =
        es.open(
            "tls",
            "endpoint: /t\nserverCertSecret: {name: tls, key: crt}\nserverKeySecret: {name: tls, key: key}");
    String tlsEnd = tls.awaitEnd(WAIT).getDescription();
    assertThat(tlsEnd)
        .contains("serverCertSecret: is Argo's per-endpoint TLS Secret")
        .contains("serverKeySecret: is Argo's per-endpoint TLS Secret")
        .contains("--http-tls-cert and --http-tls-key");

    TestStream url = es.open("url", "endpoint: /u\nurl: http://webhook.example:12000");
    url.assertEndedWith(
        io.grpc.Status.Code.INVALID_ARGUMENT,
        "url: is the address of Argo's own webhook server",
        WAIT);
    assertThat(url.awaitEnd(WAIT).getDescription())
        .contains("senders post to the bridge's HTTP port");
  }

  @Test
  @DisplayName(
      "A webhook entry copied from Argo (port as a string, a template in YAML) works as it is")
  void argoWebhookEntryCopiedAsItIs() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    TestStream stream =
        es.open(
            "repo",
            "endpoint: /repo/{name}\nmethod: POST\nport: \""
                + port
                + "\"\n"
                + "maxPayloadSize: 1048576\nmetadata:\n  team: a\n");
    assertThat(stream.isOpen()).as("the copied entry is accepted: %s", stream).isTrue();
    assertThat(Http.to(port).postJson("/repo/hello", "{\"x\":1}").statusCode()).isEqualTo(200);
    assertThat(stream.awaitEvent(WAIT).text())
        .contains("\"body\":{\"x\":1}")
        .contains("\"metadata\":{\"team\":\"a\"}");
  }

  /** Sends a request line as written, over a plain socket: HttpClient refuses malformed URIs. */
  private static String rawAnswer(int port, String target) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + target
                      + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  @DisplayName(
      "A path with a malformed escape gets 400 from both, from the bridge with a one-line plain-text reason")
  void malformedPathEscapeIs400() throws Exception {
    es.open("hook", "endpoint: /hook");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    try (ArgoWebhook argo = ArgoWebhook.start(List.of(ArgoWebhook.Route.post("/hook")), dir)) {
      for (String target : List.of("/ho%zzok", "/hook%", "/hook%4")) {
        assertThat(rawAnswer(argo.port(), target))
            .as("Argo, %s", target)
            .startsWith("HTTP/1.1 400 ");
        String ours = rawAnswer(port, target);
        assertThat(ours)
            .as("bridge, %s", target)
            .startsWith("HTTP/1.1 400 ")
            .containsIgnoringCase("Content-Type: text/plain")
            .endsWith("\r\n\r\nBad Request\n");
      }
    }
  }
}
