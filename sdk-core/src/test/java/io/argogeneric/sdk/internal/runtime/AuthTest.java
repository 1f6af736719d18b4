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
package io.argogeneric.sdk.internal.runtime;

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.assertEndedWith;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Bearer-token auth over a real loopback socket, as Argo's client sends it. */
class AuthTest {
  private static final String TOKEN = "s3cret-token-A-0123456789";
  private static final String NEXT =
      "s3cret-token-B-9876543210"; // same length: rotation by content, not size

  @TempDir Path dir;
  private Path tokenFile;
  private TestPlugin plugin;
  private RunningServer server;
  private ManagedChannel channel;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start() throws Exception {
    logs.start();
    root.addAppender(logs);
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    plugin = new TestPlugin();
    server =
        plugin.launch(
            "--port", "0", "--bind", "127.0.0.1", "--auth-token-file", tokenFile.toString());
    channel = plaintext(server.port());
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdown(Duration.ofSeconds(1));
    root.detachAppender(logs);
  }

  @Test
  void rightTokenStreams() throws Exception {
    var s = open(channel, "ok", "count: 3", "Bearer " + TOKEN);
    assertThat(s.await(3, Duration.ofSeconds(5)))
        .extracting(e -> e.getPayload().toStringUtf8())
        .containsExactly("event-0", "event-1", "event-2");
    s.cancel();
  }

  @Test
  void missingOrWrongTokenIsRefusedBeforeAnyPluginCode() throws Exception {
    assertEndedWith(
        open(channel, "none", "count: 1", null),
        Status.Code.UNAUTHENTICATED,
        "missing authorization");
    assertEndedWith(
        open(channel, "wrong", "count: 1", "Bearer not-" + TOKEN),
        Status.Code.UNAUTHENTICATED,
        "invalid bearer token");
    assertEndedWith(
        open(channel, "basic", "count: 1", "Basic " + TOKEN),
        Status.Code.UNAUTHENTICATED,
        "not a Bearer token");
    assertEndedWith(
        open(channel, "prefix", "count: 1", "Bearer " + TOKEN.substring(0, 10)),
        Status.Code.UNAUTHENTICATED,
        "invalid bearer token");
    assertThat(plugin.starts).hasValue(0);
    assertThat(plugin.validations).as("config validation is plugin code too").hasValue(0);
  }

  @Test
  void rotatedTokenFileTakesEffectWithoutRestart() throws Exception {
    var before = open(channel, "before", "count: 1", "Bearer " + TOKEN);
    before.await(1, Duration.ofSeconds(5));
    Files.writeString(dir.resolve("token.tmp"), NEXT + "\n");
    Files.move(
        dir.resolve("token.tmp"),
        tokenFile,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    // Kubernetes updates a mounted Secret by swapping files: the server must see it within 5 s
    Waits.until("rotated token accepted", () -> accepted(NEXT));
    assertEndedWith(
        open(channel, "old", "count: 1", "Bearer " + TOKEN),
        Status.Code.UNAUTHENTICATED,
        "invalid");
    assertThat(before.end).as("a stream opened with the old token is not cut").isNotDone();
    before.cancel();
  }

  @Test
  void everyTokenInTheFileIsValid() throws Exception {
    Files.writeString(tokenFile, "# rotation in progress\n" + TOKEN + "\n\n" + NEXT + "\n");
    Waits.until("second token accepted", () -> accepted(NEXT));
    var first = open(channel, "first", "count: 1", "Bearer " + TOKEN);
    assertThat(first.await(1, Duration.ofSeconds(5))).hasSize(1);
    first.cancel();
    assertEndedWith(
        open(channel, "comment", "count: 1", "Bearer # rotation in progress"),
        Status.Code.UNAUTHENTICATED,
        "invalid");
  }

  @Test
  void healthAndReflectionNeedNoToken() throws Exception {
    assertThat(health(channel)).isEqualTo(ServingStatus.SERVING);
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> req =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<ServerReflectionResponse>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    services.complete(
                        r.getListServicesResponse().getServiceList().stream()
                            .map(io.grpc.reflection.v1.ServiceResponse::getName)
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    assertThat(services.get(5, TimeUnit.SECONDS))
        .contains("generic.Eventing", "grpc.health.v1.Health");
    req.onCompleted();
  }

  @Test
  void logsSayWhoStreamedButNeverTheToken() throws Exception {
    var s = open(channel, "logged", "count: 1", "Bearer " + TOKEN);
    s.await(1, Duration.ofSeconds(5));
    s.cancel();
    assertEndedWith(
        open(channel, "refused", "count: 1", "Bearer wrong-" + NEXT),
        Status.Code.UNAUTHENTICATED,
        "invalid");
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("count: 1".getBytes(StandardCharsets.UTF_8)),
                0,
                6);
    Waits.until("stream end logged", () -> text().contains("stream ended event=logged"));
    String text = text();
    assertThat(text)
        .containsPattern("stream started event=logged peer=/127\\.0\\.0\\.1:\\d+ config=" + hash);
    assertThat(text)
        .containsPattern(
            "stream ended event=logged peer=/127\\.0\\.0\\.1:\\d+ config="
                + hash
                + " outcome=CANCELLED");
    assertThat(text).contains("call refused");
    // Argo redials every 5 s from a new port with the same bad token: one line, not one per retry
    for (int i = 0; i < 2; i++) {
      ManagedChannel redial = plaintext(server.port());
      try {
        assertEndedWith(
            open(redial, "refused", "count: 1", "Bearer wrong-" + NEXT),
            Status.Code.UNAUTHENTICATED,
            "invalid");
      } finally {
        redial.shutdownNow();
      }
    }
    assertThat(text().split("call refused", -1)).as("refusal lines").hasSize(2);
    assertThat(text).doesNotContain(TOKEN).doesNotContain(NEXT).doesNotContain("s3cret");
  }

  /** True when a stream with {@code token} delivers its event; false when it is refused. */
  private boolean accepted(String token) {
    var s = open(channel, "probe", "count: 1", "Bearer " + token);
    Waits.until(
        "the probe stream delivers or is refused", () -> !s.events.isEmpty() || s.end.isDone());
    if (!s.events.isEmpty()) {
      s.cancel();
      return true;
    }
    assertThat(s.end.join().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    return false;
  }

  private String text() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : new ArrayList<>(logs.list)) {
      lines.add(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        lines.add(t.getMessage());
      }
      lines.add(String.valueOf(e.getMDCPropertyMap()));
      lines.add(String.valueOf(e.getKeyValuePairs()));
    }
    return lines.stream().collect(Collectors.joining("\n"));
  }
}
