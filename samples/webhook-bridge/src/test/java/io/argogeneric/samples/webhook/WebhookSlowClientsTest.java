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

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.TestStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
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

/**
 * Slowloris senders and oversized bodies must not keep other senders from being served. Slow
 * senders connect from other loopback addresses (127.0.0.2 and up) than the normal sender
 * (127.0.0.1), as they would from other hosts, so that the cap per client address does not hide
 * what they cost.
 */
class WebhookSlowClientsTest {
  private static final int SLOW_SENDERS = 300; // more than the listener's 200 threads
  private static final int POOL_THREADS = 200;
  private static final int CAP_PER_CLIENT = 64; // --http-max-requests-per-client's default

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(() -> new WebhookBridge().withHttpPort(0)).overLoopback();

  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void closeSockets() throws IOException {
    trickle.shutdownNow();
    for (Socket s : sockets) {
      s.close();
    }
  }

  private static final String TRICKLE_LENGTH =
      "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100000\r\n\r\n{\"a\":\"";
  private static final String TRICKLE_CHUNKED =
      "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":\"x\r\n";

  /**
   * Opens a connection from loopback address 127.0.0.{@code 2 + source} that sends {@code head} and
   * then one more byte of body every 100 ms, never finishing.
   */
  private Socket slowSender(int port, String head, int source) throws IOException {
    Socket s =
        new Socket(
            InetAddress.getByName("127.0.0.1"),
            port,
            InetAddress.getByName("127.0.0." + (2 + source)),
            0);
    sockets.add(s);
    OutputStream out = s.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    byte[] more =
        (head.contains("chunked") ? "1\r\nx\r\n" : "x").getBytes(StandardCharsets.US_ASCII);
    trickle.scheduleAtFixedRate(
        () -> {
          try {
            out.write(more);
            out.flush();
          } catch (IOException e) {
            // the server closed it: fine
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    return s;
  }

  /**
   * The status code of the first answer on {@code s}, or -1 when it closes without one; waits up to
   * 10 s.
   */
  private static int firstStatus(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    String line = in.readLine();
    return line == null ? -1 : Integer.parseInt(line.substring(9, 12));
  }

  private void assertNormalSenderServed(int port, TestStream stream, int events) {
    Http http = Http.to(port);
    for (int i = 0; i < events; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.postJson("/hook", "{\"i\":" + i + "}");
      assertThat(r.statusCode()).as("normal sender %d: %s", i, r.body()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .as("answered promptly")
          .isLessThan(Duration.ofSeconds(5));
    }
    assertThat(stream.awaitEvents(events, Duration.ofSeconds(5))).hasSize(events);
  }

  @Test
  @DisplayName(
      "senders that trickle their headers or their bodies do not keep a normal sender from its 200")
  void slowlorisDoesNotStarveOthers() throws Exception {
    TestStream stream = es.open("hook", "endpoint: /hook");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    for (int i = 0; i < SLOW_SENDERS / 2; i++) {
      slowSender(port, "POST /hook HTTP/1.1\r\nHost: x\r\nX-Slow: ", i % 4);
      slowSender(port, TRICKLE_LENGTH, i % 4);
    }
    Thread.sleep(500); // let every slow sender reach the server and start trickling
    assertNormalSenderServed(port, stream, 5);
  }

  @Test
  @DisplayName(
      "250 senders trickling their bodies (more than the pool's 200 threads, none over the cap per address) hold no thread: others get their 200")
  void slowBodiesPastThePoolSizeDoNotStarveOthers() throws Exception {
    TestStream stream = es.open("hook", "endpoint: /hook");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    int senders = POOL_THREADS + 50;
    for (int i = 0;
        i < senders;
        i++) { // 5 addresses, 50 each: under the cap, so only the pool is at stake
      slowSender(port, i % 2 == 0 ? TRICKLE_LENGTH : TRICKLE_CHUNKED, i % 5);
    }
    Thread.sleep(1000); // every slow sender's headers are in and its body is trickling
    assertNormalSenderServed(port, stream, 5);
  }

  @Test
  @DisplayName(
      "100 senders that declare 4 MB bodies and trickle them cost the heap what they sent, not what they declared")
  void declaredLengthsAreNotPreallocated() throws Exception {
    TestStream stream =
        es.open("hook", "endpoint: /hook\nmaxPayloadSize: " + WebhookBridge.MAX_PAYLOAD_SIZE);
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    for (int i = 0; i < 100; i++) { // 400 MB declared in all
      slowSender(
          port,
          "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4000000\r\n\r\n[",
          i % 4);
    }
    Thread.sleep(1000); // every body is being read
    System.gc();
    long during = memory.getHeapMemoryUsage().getUsed();
    assertThat(during - before)
        .as("heap growth with 100 trickling 4 MB bodies")
        .isLessThan(64L << 20);
    assertNormalSenderServed(port, stream, 1);
  }

  @Test
  @DisplayName(
      "A body not fully arrived within --http-read-timeout gets 408 and its connection closed: trickled, chunked, or never sent")
  void slowBodiesAreCutAtTheReadTimeout() throws Exception {
    WebhookBridge bridge = new WebhookBridge();
    try (RunningServer server =
            bridge.launch(
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--http-read-timeout",
                "1s");
        GrpcReader reader = new GrpcReader(server.port(), "hook", "endpoint: /hook")) {
      Waits.until(
          "/hook is declared",
          () ->
              bridge.boundHttpPort() >= 0
                  && Http.to(bridge.boundHttpPort()).get("/hook").statusCode() == 405);
      int port = bridge.boundHttpPort();
      Socket silent = new Socket("127.0.0.1", port);
      sockets.add(silent);
      silent
          .getOutputStream()
          .write(
              "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      List<Socket> slow =
          List.of(
              slowSender(port, TRICKLE_LENGTH, 0), slowSender(port, TRICKLE_CHUNKED, 0), silent);
      for (Socket s : slow) {
        assertThat(firstStatus(s))
            .as("a body still arriving after the read timeout")
            .isEqualTo(408);
        BufferedReader rest =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        while (rest.readLine() != null) {
          // to the end: the bridge closes the connection (a timeout here fails the test)
        }
      }
      assertThat(reader.received).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "One address gets at most 64 requests in flight: the 65th and later are answered 429 at once; other addresses are served")
  void capPerClientAddress() throws Exception {
    TestStream stream = es.open("hook", "endpoint: /hook");
    int port = es.plugin(WebhookBridge.class).boundHttpPort();
    for (int i = 0; i < CAP_PER_CLIENT; i++) {
      slowSender(port, TRICKLE_LENGTH, 7);
    }
    WebhookBridge bridge = es.plugin(WebhookBridge.class);
    InetAddress sender = InetAddress.getByName("127.0.0.9"); // slowSender's source 7
    Waits.until(
        "the first " + CAP_PER_CLIENT + " requests are in flight",
        () -> bridge.requestsInFlight(sender) == CAP_PER_CLIENT);
    List<Socket> over = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      over.add(slowSender(port, TRICKLE_CHUNKED, 7));
    }
    for (Socket s : over) {
      assertThat(firstStatus(s)).as("a request over the cap").isEqualTo(429);
    }
    assertNormalSenderServed(port, stream, 3);
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
      Thread t =
          new Thread(
              () -> {
                for (int j = 0; j < 10; j++) {
                  try {
                    codes.add(http.postJson("/hook", big).statusCode());
                  } catch (java.io.UncheckedIOException e) {
                    // the server answered 413 and closed while the client was still uploading:
                    // refused too
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
