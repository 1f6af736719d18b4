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

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import io.argogeneric.testkit.EventSourceExtension;
import io.argogeneric.testkit.TestStream;
import io.grpc.Status;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code authTokenFile}: what a gRPC client can learn about the host's files, and what it can make
 * the bridge log.
 */
class WebhookTokenFileTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  final EventSourceExtension es =
      EventSourceExtension.of(() -> new WebhookBridge().withHttpPort(0)).overLoopback();

  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger bridgeLogger =
      (Logger) LoggerFactory.getLogger("io.argogeneric.samples.webhook");

  @BeforeEach
  void captureLog() {
    logged.start();
    bridgeLogger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    bridgeLogger.detachAppender(logged);
  }

  private Status endOf(String name, Path tokenFile) {
    TestStream s = es.open(name, "endpoint: /" + name + "\nauthTokenFile: " + tokenFile);
    return s.awaitEnd(WAIT);
  }

  @Test
  @DisplayName(
      "A missing file, a directory, a pipe and a huge file are all refused at stream start with one answer that names none of them")
  void unusableTokenFilesGetOneAnswer() throws Exception {
    Path missing = dir.resolve("missing");
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    Path pipe = dir.resolve("a-pipe");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    Path huge = dir.resolve("huge");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(100L << 20); // sparse: 100 MiB that a naive reader would load
    }
    Path empty = Files.createFile(dir.resolve("empty"));

    List<String> answers = new ArrayList<>();
    int i = 0;
    for (Path p : List.of(missing, directory, pipe, huge, empty)) {
      Status end = endOf("t" + i++, p);
      assertThat(end.getCode())
          .as("end of a stream with authTokenFile %s", p)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(end.getDescription()).doesNotContain(p.toString()).doesNotContain(dir.toString());
      answers.add(end.getDescription());
    }
    assertThat(answers)
        .as("one answer for every kind of unusable path")
        .containsOnly(WebhookBridge.TOKEN_FILE_REFUSED);

    Path good = dir.resolve("token");
    Files.writeString(good, "s3cret\n");
    TestStream ok = es.open("good", "endpoint: /good\nauthTokenFile: " + good);
    WebhookBridge bridge = es.plugin(WebhookBridge.class);
    // the first stream that needs the port opens its listener, in the run's start
    Waits.until("the HTTP listener is open", () -> bridge.boundHttpPort() > 0);
    Http http = Http.to(bridge.boundHttpPort());
    assertThat(http.postJson("/good", "{}", "Authorization", "Bearer s3cret").statusCode())
        .isEqualTo(200);
    ok.awaitEvent(WAIT);
    assertThat(logged.list)
        .as("the operator learns why, in the bridge's log")
        .anySatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains(directory.toString())
                    .contains("is a directory"));
  }

  @Test
  @DisplayName(
      "With --http-token-dir, a token file outside it, or a link leading out of it, is refused with the same answer; one inside works")
  void tokenDirConfinesTokenFiles() throws Exception {
    Path secrets = Files.createDirectory(dir.resolve("secrets"));
    Path inside = Files.writeString(secrets.resolve("token"), "inside\n");
    Path outside = Files.writeString(dir.resolve("outside"), "outside\n");
    Path link = Files.createSymbolicLink(secrets.resolve("link"), outside);
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
            "--http-token-dir",
            secrets.toString())) {
      for (Path p : List.of(outside, link, secrets.resolve("..").resolve("outside"))) {
        try (GrpcReader r =
            new GrpcReader(server.port(), "x", "endpoint: /x\nauthTokenFile: " + p)) {
          Status end = r.end.get(5, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(end.getCode())
              .as("authTokenFile %s", p)
              .isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(end.getDescription()).isEqualTo(WebhookBridge.TOKEN_FILE_REFUSED);
        }
      }
      try (GrpcReader r =
          new GrpcReader(server.port(), "in", "endpoint: /in\nauthTokenFile: " + inside)) {
        var ok =
            new java.util.concurrent.atomic.AtomicReference<
                HttpResponse<String>>(); // the last answer
        Waits.until(
            "a POST to /in is answered 200 or the stream ends",
            () -> {
              int port = bridge.boundHttpPort();
              if (port < 0) {
                return r.end.isDone();
              }
              ok.set(Http.to(port).postJson("/in", "{}", "Authorization", "Bearer inside"));
              return ok.get().statusCode() == 200 || r.end.isDone();
            });
        assertThat(ok.get()).as("stream end: %s", r.end.getNow(null)).isNotNull();
        assertThat(ok.get().statusCode())
            .as("token file inside --http-token-dir: %s", ok.get().body())
            .isEqualTo(200);
        r.awaitReceived(1, WAIT);
      }
    }
    assertThat(logged.list)
        .anySatisfy(
            e -> assertThat(e.getFormattedMessage()).contains("is outside --http-token-dir"))
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("through a link"));
  }

  @Test
  @DisplayName(
      "Token files that turn into directories: 200 requests on 4 endpoints get 503, and the WARN lines stay within one budget")
  void unreadableTokenFileLogsWithinABudget() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path f = dir.resolve("token" + i);
      Files.writeString(f, "t" + i);
      es.open("e" + i, "endpoint: /e" + i + "\nauthTokenFile: " + f);
      files.add(f);
    }
    for (Path f : files) { // a Secret remounted wrongly: the path is now a directory
      Files.delete(f);
      Files.createDirectory(f);
    }
    Http http = Http.to(es.plugin(WebhookBridge.class).boundHttpPort());
    int logLinesBefore = logged.list.size();
    for (int n = 0; n < 200; n++) {
      HttpResponse<String> r =
          http.postJson("/e" + (n % 4), "{}", "Authorization", "Bearer t" + (n % 4));
      assertThat(r.statusCode()).as("request %d: %s", n, r.body()).isEqualTo(503);
      assertThat(r.body()).contains("token file cannot be read");
    }
    long warnings =
        logged.list.stream().skip(logLinesBefore).filter(e -> e.getLevel() == Level.WARN).count();
    assertThat(warnings)
        .as("WARN lines for 200 requests")
        .isPositive()
        .isLessThanOrEqualTo(ClientDrivenLog.DEFAULT_PER_WINDOW);
    System.out.printf("token file log: %d WARN lines for 200 requests on 4 endpoints%n", warnings);
  }
}
