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
 * process): the same requests go to both, over real HTTP, and their answers and events are compared.
 */
class WebhookArgoParityTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  final EventSourceExtension es = EventSourceExtension.of(
      () -> new WebhookBridge().withHttpPort(0).withEndpointGrace(Duration.ofSeconds(30)))
      .overLoopback();

  @TempDir
  Path dir;

  private Http bridge() {
    return Http.to(es.plugin(WebhookBridge.class).boundHttpPort());
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  @DisplayName("Endpoint templates route as Argo's gorilla/mux router does: the same endpoint takes the same path, with the same event")
  void templatesRouteAsArgosRouter() throws Exception {
    List<String> endpoints = List.of("/repo/{name}", "/repo/main", "/build/{id:[0-9]+}", "/files/{rest:.*}",
        "/org/{org}/repo/{repo}", "/dots.in.path", "/v{n:[0-9]+}/x", "/case/{x:(?i)abc}", "/hook",
        "/a/{x}/{x}", "/q/{x:a|b}", "/nested/{x:[a-z]{2}}");
    List<String> paths = List.of("/repo/foo", "/repo/main", "/repo/", "/repo/a/b", "/repo/a%20b", "/repo/%7Bname%7D",
        "/build/42", "/build/4x", "/build/", "/files/a/b/c", "/files/", "/org/o/repo/r", "/org//repo/r",
        "/dots.in.path", "/dotsxinxpath", "/v2/x", "/v/x", "/case/ABC", "/case/abd", "/repo/foo/", "/REPO/foo",
        "/hook", "/hook/", "/a/1/2", "/q/a", "/q/ab", "/q/b", "/nested/ab", "/nested/abc", "/health", "/nowhere",
        "/repo/a%2Fb", "//repo/foo", "/repo/./foo", "/x/../hook", "/hook?x=1", "/hook;x=1", "/a%2F%2Fb",
        "/hook/..?q=1", "/repo/%C3%A9", "/files/%2E%2E/x", "/repo/+");
    List<TestStream> streams = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      streams.add(es.open("r" + i, "{\"endpoint\": " + json(endpoints.get(i)) + "}"));
    }
    List<String> differences = new ArrayList<>();
    try (ArgoWebhook argo = ArgoWebhook.start(endpoints.stream().map(ArgoWebhook.Route::post).toList(), dir)) {
      assertThat(argo.routeResults()).as("mux takes every template").allMatch("ok"::equals);
      Http toArgo = Http.to(argo.port());
      for (String path : paths) {
        String body = "{\"path\":" + json(path) + "}";
        HttpResponse<String> a = toArgo.postJson(path, body);
        HttpResponse<String> b = bridge().postJson(path, body);
        ArgoWebhook.Dispatched d = a.statusCode() == 200 ? argo.pollEvent(WAIT) : null;
        String line = path + ": Argo " + a.statusCode() + " " + a.body().strip() + a.headers().firstValue("Location").orElse("") + (d == null ? "" : " -> " + endpoints.get(d.route()))
            + " | bridge " + b.statusCode() + " " + b.body().strip() + b.headers().firstValue("Location").orElse("");
        System.out.println(line);
        if (d != null) {
          ReceivedEvent e = b.statusCode() == 200 ? streams.get(d.route()).awaitEvent(WAIT) : null;
          if (e == null || !e.text().equals(d.payload())) {
            differences.add(line + (e == null ? "" : "\n  argo   " + d.payload() + "\n  bridge " + e.text()));
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
}
