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
package io.argogeneric.samples.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar a user runs, as a process, read over a real socket by a plain gRPC client and by the
 * command-line client.
 */
class CalendarJarTest {
  private static final Path JAR = Path.of("target/calendar-eventsource.jar");
  private static final Path CLIENT_JAR = Path.of("../../cli/target/argo-client.jar");
  private static final Pattern SERVING = Pattern.compile("serving gRPC on port (\\d+)");
  private static final Pattern GO_UTC =
      Pattern.compile(
          "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])? \\+0000 UTC m=\\+\\d+\\.\\d{9}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path store;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> serverLog = new ArrayList<>();

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process p : processes) {
      p.destroy(); // SIGTERM: the server drains and exits
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private int startServer() throws Exception {
    return startServer("--store", store.toString());
  }

  /**
   * Starts the server jar on a free port with {@code flags} and returns the port its log line
   * names.
   */
  private int startServer(String... flags) throws Exception {
    assertThat(JAR).as("the shaded jar, built in process-classes").exists();
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "--port", "0"));
    command.addAll(List.of(flags));
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(server);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      synchronized (serverLog) {
        serverLog.add(line);
      }
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () ->
                    out.lines()
                        .forEach(
                            l -> {
                              synchronized (serverLog) {
                                serverLog.add(l);
                              }
                            }),
                "calendar-jar-log");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server never logged its port; output: " + serverLog);
  }

  @Test
  @DisplayName(
      "java -jar serves events over a real socket to grpc-java and to the command-line client; --store keeps the position")
  void jarServesEvents() throws Exception {
    int port = startServer();

    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      EventingGrpc.EventingBlockingStub stub =
          EventingGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
      Iterator<Event> events =
          stub.startEventSource(
              EventSource.newBuilder()
                  .setName("daily")
                  .setConfig(ByteString.copyFromUtf8("interval: 200ms\nmetadata: {team: a}"))
                  .build());
      for (int i = 0; i < 2; i++) {
        JsonNode payload = JSON.readTree(events.next().getPayload().toByteArray());
        assertThat(payload.path("eventTime").asText()).matches(GO_UTC);
        assertThat(payload.path("metadata").path("team").asText()).isEqualTo("a");
      }

      Iterator<Event> refused =
          EventingGrpc.newBlockingStub(channel)
              .withDeadlineAfter(20, TimeUnit.SECONDS)
              .startEventSource(
                  EventSource.newBuilder()
                      .setName("bad")
                      .setConfig(ByteString.copyFromUtf8("schedule: \"61 * * * *\""))
                      .build());
      assertThatThrownBy(refused::hasNext)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).startsWith("schedule: ");
              });
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    assertThat(CLIENT_JAR).as("the command-line client jar, built by the cli module").exists();
    Process client =
        new ProcessBuilder(
                java(),
                "-jar",
                CLIENT_JAR.toString(),
                "--url",
                "127.0.0.1:" + port,
                "--name",
                "catchup",
                "--config",
                "interval: 200ms\npersistence: {catchup: {enabled: true}}",
                "--count",
                "3",
                "--json-body")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    processes.add(client);
    assertThat(client.waitFor(60, TimeUnit.SECONDS))
        .as("the client exits after --count 3")
        .isTrue();
    List<String> lines =
        new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(client.exitValue()).as("client exit code; its output: " + lines).isZero();
    assertThat(lines)
        .hasSize(3)
        .allSatisfy(
            l ->
                assertThat(JSON.readTree(l).path("body").path("eventTime").asText())
                    .matches(GO_UTC));

    Waits.until(
        "the last position of event 'catchup' in the store", WAIT, () -> positionFiles() == 1);
    synchronized (serverLog) {
      // logback's defaults print DEBUG until the server configures it; nothing may log before that
      assertThat(serverLog)
          .as("the server's log")
          .noneSatisfy(l -> assertThat(l).contains(" DEBUG "));
    }
  }

  private long positionFiles() {
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(p -> p.getFileName().toString().equals("position")).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The instant of Go's time.Time.String() text in UTC, {@code 2026-01-01 09:00:00.5 +0000 UTC}.
   */
  private static Instant utc(String goText) {
    String[] p = goText.split(" ");
    assertThat(p[2] + " " + p[3]).isEqualTo("+0000 UTC");
    return LocalDateTime.parse(p[0] + "T" + p[1]).toInstant(ZoneOffset.UTC);
  }

  @Test
  @DisplayName(
      "After a restart of the process on the same --store, a stream catches up from the last event the old process sent")
  void catchUpAcrossARestart() throws Exception {
    String config = "interval: 1s\npersistence: {catchup: {enabled: true}}";
    // a short grace: the drain only has to flush what the reading client is sent anyway
    int port = startServer("--store", store.toString(), "--shutdown-grace", "2s");
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    EventReader before;
    try {
      before = EventReader.open(channel, "restart", config);
      Waits.until("two timer events", WAIT, () -> before.received.size() >= 2);
      // SIGTERM while the client still reads: the server drains, so the client gets every event
      // the server handed to gRPC, and the last one it gets is the position the store keeps
      Process first = processes.remove(0);
      first.destroy();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the first server exits").isTrue();
      Waits.until("the stream's end", WAIT, before.end::isDone);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    String lastText =
        JSON.readTree(before.received.get(before.received.size() - 1)).path("eventTime").asText();
    assertThat(lastText).matches(GO_UTC);
    Instant last = utc(lastText.substring(0, lastText.indexOf(" m=")));
    Instant firstMissed = last.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Waits.until(
        "two slots to pass without a server",
        WAIT,
        () -> Instant.now().isAfter(firstMissed.plusSeconds(1)));

    port = startServer("--store", store.toString());
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      EventReader after = EventReader.open(channel, "restart", config);
      Waits.until(
          "the catch-up events and a timer event",
          WAIT,
          () -> after.received.stream().anyMatch(e -> e.contains(" m=+")));
      List<String> times = new ArrayList<>();
      for (String e : after.received) {
        times.add(JSON.readTree(e).path("eventTime").asText());
      }
      int timer = times.size() - 1; // the first timer event ends the catch-up
      while (timer > 0 && times.get(timer - 1).contains(" m=")) {
        timer--;
      }
      assertThat(timer)
          .as("catch-up events before the first timer event: " + times)
          .isGreaterThanOrEqualTo(2);
      for (int i = 0; i < timer; i++) {
        assertThat(times.get(i))
            .as("catch-up event %d of %s", i, times)
            .isEqualTo(GoTime.format(firstMissed.plusSeconds(i), ZoneOffset.UTC));
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName(
      "The removed --state-dir flag and CALENDAR_STATE_DIR stop the jar with exit code 2 and a message naming --store")
  void stateDirIsRefused() throws Exception {
    ProcessBuilder withFlag =
        new ProcessBuilder(java(), "-jar", JAR.toString(), "--port", "0", "--state-dir", "/x");
    ProcessBuilder withVariable = new ProcessBuilder(java(), "-jar", JAR.toString(), "--port", "0");
    withVariable.environment().put("CALENDAR_STATE_DIR", store.toString());
    for (ProcessBuilder b : List.of(withFlag, withVariable)) {
      Process p = b.redirectErrorStream(true).start();
      processes.add(p);
      // a server that started would never exit: wait with a bound, then read what it printed
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the jar exits").isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("exit code; output: " + out).isEqualTo(2);
      assertThat(out)
          .contains(" is gone: ")
          .contains("use --store DIR (env EVENTSOURCE_STORE)")
          .doesNotContain("serving gRPC");
    }
  }

  @Test
  @DisplayName("--help lists the SDK's --store, with its environment variable, and not the alias")
  void helpListsStore() throws IOException, InterruptedException {
    Process help =
        new ProcessBuilder(java(), "-jar", JAR.toString(), "--help")
            .redirectErrorStream(true)
            .start();
    processes.add(help);
    String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(text)
        .contains("--store")
        .contains("EVENTSOURCE_STORE")
        .doesNotContain("--state-dir");
  }
}
