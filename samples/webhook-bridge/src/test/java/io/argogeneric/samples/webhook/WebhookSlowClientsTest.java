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
import io.argogeneric.testkit.TestStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slowloris senders and oversized bodies must not keep other senders from being served. */
class WebhookSlowClientsTest {
  private static final int SLOW_SENDERS = 300; // more than the listener's 200 threads

  @RegisterExtension
  final EventSourceExtension es = EventSourceExtension.of(() -> new WebhookBridge().withHttpPort(0)).overLoopback();

  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void closeSockets() throws IOException {
    trickle.shutdownNow();
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** Opens a connection that sends {@code head} and then one more byte every 100 ms, never finishing. */
  private void slowSender(int port, String head) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    trickle.scheduleAtFixedRate(() -> {
      try {
        out.write('x');
        out.flush();
      } catch (IOException e) {
        // the server closed it: fine
      }
    }, 100, 100, TimeUnit.MILLISECONDS);
  }

  @Test
  @DisplayName("senders that trickle their headers or their bodies do not keep a normal sender from its 200")
  void slowlorisDoesNotStarveOthers() throws Exception {
    TestStream stream = es.open("hook", "endpoint: /hook");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    for (int i = 0; i < SLOW_SENDERS / 2; i++) {
      slowSender(port, "POST /hook HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      slowSender(port, "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":\"");
    }
    Thread.sleep(500); // let every slow sender reach the server and start trickling
    Http http = Http.to(port);
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.postJson("/hook", "{\"i\":" + i + "}");
      assertThat(r.statusCode()).as("normal sender %d: %s", i, r.body()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered promptly").isLessThan(Duration.ofSeconds(5));
    }
    assertThat(stream.awaitEvents(5, Duration.ofSeconds(5))).hasSize(5);
  }

  @Test
  @DisplayName("oversized bodies are refused with 413 while other senders are served")
  void oversizedBodiesDoNotStarveOthers() throws Exception {
    TestStream stream = es.open("hook", "endpoint: /hook\nmaxPayloadSize: 1024");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    Http http = Http.to(port);
    String big = "{\"a\":\"" + "x".repeat(200_000) + "\"}";
    List<Thread> senders = new ArrayList<>();
    List<Integer> codes = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 16; i++) {
      Thread t = new Thread(() -> {
        for (int j = 0; j < 10; j++) {
          try {
            codes.add(http.postJson("/hook", big).statusCode());
          } catch (java.io.UncheckedIOException e) {
            // the server answered 413 and closed while the client was still uploading: refused too
            codes.add(-1);
          }
        }
      });
      senders.add(t);
      t.start();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(http.postJson("/hook", "{\"ok\":" + i + "}").statusCode()).isEqualTo(200);
    }
    for (Thread t : senders) {
      t.join(30_000);
    }
    assertThat(codes).hasSize(160).containsAnyOf(413).allMatch(c -> c == 413 || c == -1);
    assertThat(stream.awaitEvents(5, Duration.ofSeconds(5))).hasSize(5);
    stream.expectNoEvent(Duration.ofMillis(200));
  }
}
