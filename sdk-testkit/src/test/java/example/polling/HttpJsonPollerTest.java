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
package example.polling;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.ReceivedEvent;
import io.argogeneric.testkit.TestStream;
import io.grpc.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugin of docs/polling-an-api.md, on virtual time against a real local HTTP server whose list
 * of items grows.
 */
class HttpJsonPollerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration INTERVAL = Duration.ofMinutes(1);

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(HttpJsonPoller::new)
          .withVirtualTime(Instant.parse("2026-12-01T09:00:00Z"));

  /** A JSON API: GET /items returns every item, newest first; it counts requests. */
  private HttpServer api;

  private final List<Integer> ids = new ArrayList<>(); // guarded by this
  private final List<String> authorizations = new ArrayList<>(); // guarded by this
  private int failuresToServe; // guarded by this

  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/items",
        exchange -> {
          int status;
          StringBuilder body = new StringBuilder("[");
          synchronized (this) { // the request is counted and its answer made at once
            authorizations.add(
                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            status = failuresToServe-- > 0 ? 500 : 200;
            for (int i = ids.size() - 1; i >= 0; i--) {
              body.append(i == ids.size() - 1 ? "" : ",")
                  .append("{\"id\":")
                  .append(ids.get(i))
                  .append(",\"title\":\"item ")
                  .append(ids.get(i))
                  .append("\"}");
            }
          }
          byte[] bytes = (status == 200 ? body.append("]").toString() : "[]").getBytes(UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private synchronized void add(int... newIds) {
    for (int id : newIds) {
      ids.add(id);
    }
  }

  private synchronized int requests() {
    return authorizations.size();
  }

  private String config() {
    return "url: http://127.0.0.1:"
        + api.getAddress().getPort()
        + "/items\ninterval: 1m\nheaders: {Authorization: Bearer s3cret}";
  }

  /**
   * Once the poll loop has armed its next timer, moves virtual time on by the interval and waits
   * until the API has answered one more request.
   */
  private void nextPoll() {
    es.awaitCondition("the next poll to be armed", WAIT, () -> es.pendingTasks() > 0);
    int before = requests();
    es.time().advance(INTERVAL);
    es.awaitCondition("the next poll's request", WAIT, () -> requests() > before);
  }

  /** Opens a stream; its first poll is due at once. */
  private TestStream open() {
    TestStream stream = es.open("items", config());
    es.time().advance(Duration.ZERO); // runs what is due now: the first poll
    return stream;
  }

  private static List<Long> ids(List<ReceivedEvent> events) {
    return events.stream().map(e -> e.json().get("id").asLong()).toList();
  }

  @Test
  @DisplayName(
      "docs/polling-an-api.md quotes exactly this plugin, which is at most 50 lines, as the guide says")
  void guideQuotesThisFile() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String guide = Files.readString(root.resolve("docs/polling-an-api.md"));
    Matcher quoted =
        Pattern.compile("```java\n(package example.polling;.*?)```", Pattern.DOTALL).matcher(guide);
    assertThat(quoted.find())
        .as("the guide has a ```java block starting with 'package example.polling;'")
        .isTrue();
    String file =
        Files.readString(
            root.resolve("sdk-testkit/src/test/java/example/polling/HttpJsonPoller.java"));
    String source = file.substring(file.indexOf("package example.polling;")); // without the header
    assertThat(quoted.group(1)).isEqualTo(source);
    long lines = source.lines().count();
    assertThat(lines).isLessThanOrEqualTo(50);
    assertThat(guide).contains("is " + lines + " lines");
  }

  @Test
  @DisplayName(
      "The first poll emits the items there are, oldest first; later polls only the new ones, each once; headers are sent")
  void emitsEachNewItemOnce() {
    add(1, 2);
    TestStream stream = open();
    assertThat(ids(stream.awaitEvents(2, WAIT))).containsExactly(1L, 2L);
    assertThat(stream.received().get(0).text()).isEqualTo("{\"id\":1,\"title\":\"item 1\"}");

    add(3, 4);
    nextPoll();
    assertThat(ids(stream.awaitEvents(2, WAIT))).containsExactly(3L, 4L);

    nextPoll(); // nothing new: what a poll emitted again would come before item 5
    nextPoll();
    add(5);
    nextPoll();
    assertThat(ids(stream.awaitEvents(1, WAIT))).containsExactly(5L);
    assertThat(ids(stream.received())).containsExactly(1L, 2L, 3L, 4L, 5L);
    synchronized (this) {
      assertThat(authorizations).hasSize(5).containsOnly("Bearer s3cret");
    }
  }

  @Test
  @DisplayName("After a reconnect, the new run starts from the last position: no item comes twice")
  void reconnectResumesFromTheLastPosition() {
    add(1, 2, 3);
    TestStream first = open();
    assertThat(ids(first.awaitEvents(3, WAIT))).containsExactly(1L, 2L, 3L);
    first.cancel();
    es.awaitCondition("the first run to stop", WAIT, () -> es.activeStreams() == 0);

    add(4);
    TestStream second = open();
    assertThat(ids(second.awaitEvents(1, WAIT))).containsExactly(4L);
    add(5);
    nextPoll();
    assertThat(ids(second.awaitEvents(1, WAIT))).containsExactly(5L);
    assertThat(ids(second.received())).containsExactly(4L, 5L);
    assertThat(ids(first.received())).containsExactly(1L, 2L, 3L);
  }

  @Test
  @DisplayName(
      "An API answering 500 (with a JSON body) fails the poll, which is retried; the stream stays open and nothing is lost")
  void failingApiIsRetried() {
    add(1);
    synchronized (this) {
      failuresToServe = 1;
    }
    TestStream stream = open();
    es.awaitCondition("the failed first poll", WAIT, () -> requests() == 1);
    add(2);
    for (int i = 0; i < 3 && stream.received().size() < 2; i++) {
      nextPoll(); // the retry comes within the interval
    }
    assertThat(ids(stream.awaitEvents(2, WAIT))).containsExactly(1L, 2L);
    assertThat(stream.isOpen()).isTrue();
    assertThat(es.counter("eventsource.poll.failures")).isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "A url that is not http(s) or a non-positive interval is refused with INVALID_ARGUMENT")
  void badConfigsAreRefused() {
    es.open("items", "url: ftp://example.com/items\ninterval: 1m")
        .assertEndedWith(Status.Code.INVALID_ARGUMENT, "invalid URI scheme ftp", WAIT);
    es.open("items", "url: http://127.0.0.1/items\ninterval: 0s")
        .assertEndedWith(Status.Code.INVALID_ARGUMENT, "poll interval must be positive: 0s", WAIT);
    es.open("items", "interval: 1m")
        .assertEndedWith(Status.Code.INVALID_ARGUMENT, "url: is required", WAIT);
  }
}
