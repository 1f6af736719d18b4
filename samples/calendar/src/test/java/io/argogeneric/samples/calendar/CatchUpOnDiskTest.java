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

import io.argogeneric.sdk.Cancellable;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.TimeSource;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.argogeneric.testkit.VirtualTime;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up across server restarts with the SDK's file store ({@code --store DIR}): each server here
 * is a new engine on the same directory, with its own virtual clock, served over a loopback socket;
 * what one server recorded, the next one reads.
 */
class CatchUpOnDiskTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CONFIG =
      "schedule: \"@hourly\"\npersistence: {catchup: {enabled: true}}";

  @TempDir Path store;
  private CalendarServer server;

  /** One server process's worth: an engine with the file store in {@link #store}, on a socket. */
  private final class CalendarServer implements AutoCloseable {
    final VirtualTime time;
    final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    final EventingEngine<CalendarConfig> engine;
    final Server grpc;
    final ManagedChannel channel;

    CalendarServer(Instant now) throws IOException {
      time = VirtualTime.startingAt(now);
      engine =
          EventingEngine.builder(new CalendarEventSource())
              .executor(executor)
              .timeSource(
                  new TimeSource() {
                    @Override
                    public Instant now() {
                      return time.now();
                    }

                    @Override
                    public Cancellable schedule(Duration delay, Runnable task) {
                      return time.schedule(delay, task);
                    }
                  })
              .meterRegistry(new SimpleMeterRegistry())
              .outboxDir(store) // what --store DIR (and its alias --outbox-dir) sets
              .build();
      grpc =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(engine.serviceDefinition())
              .build()
              .start();
      channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.getPort()).usePlaintext().build();
    }

    /** Opens a stream and waits until its run has armed a timer (after any catch-up). */
    EventReader open(String name, String config) {
      EventReader reader = EventReader.open(channel, name, config);
      Waits.until("the run to arm its timer", WAIT, () -> time.pendingTasks() > 0);
      return reader;
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      engine.shutdown(Duration.ofMillis(500)); // writes the newest positions, closes the store
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      executor.shutdownNow();
    }
  }

  private CalendarServer restartAt(String now) throws Exception {
    if (server != null) {
      server.close();
    }
    server = new CalendarServer(Instant.parse(now));
    return server;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  private static String event(String eventTime) {
    return "{\"eventTime\":\"" + eventTime + "\"}";
  }

  private static List<String> texts(EventReader reader) {
    return reader.received.stream()
        .map(t -> t.replaceAll(" m=\\+\\d+\\.\\d{9}\"", " m=+*\""))
        .toList();
  }

  private List<Path> positionFiles() throws IOException {
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(p -> p.getFileName().toString().equals("position")).toList();
    }
  }

  @Test
  @DisplayName(
      "A restarted server catches up from the last event the previous one recorded, and records on")
  void catchUpAfterRestart() throws Exception {
    CalendarServer first = restartAt("2026-11-26T00:30:00Z");
    EventReader a = first.open("hourly", CONFIG);
    first.time.advance(Duration.ofMinutes(90)); // 01:00, 02:00
    Waits.until("two timer events", WAIT, () -> a.received.size() == 2);

    CalendarServer second = restartAt("2026-11-26T05:30:00Z"); // 03:00, 04:00, 05:00 missed
    EventReader b = second.open("hourly", CONFIG);
    Waits.until("three catch-up events", WAIT, () -> b.received.size() >= 3);
    assertThat(texts(b))
        .containsExactly(
            event("2026-11-26 03:00:00 +0000 UTC"),
            event("2026-11-26 04:00:00 +0000 UTC"),
            event("2026-11-26 05:00:00 +0000 UTC"));
    second.time.advance(Duration.ofMinutes(30));
    Waits.until("the 06:00 timer event", WAIT, () -> b.received.size() == 4);
    assertThat(texts(b).get(3)).isEqualTo(event("2026-11-26 06:00:00 +0000 UTC m=+*"));

    CalendarServer third = restartAt("2026-11-26T07:10:00Z"); // 07:00 missed
    EventReader c = third.open("hourly", CONFIG);
    Waits.until("one catch-up event", WAIT, () -> c.received.size() >= 1);
    assertThat(texts(c)).containsExactly(event("2026-11-26 07:00:00 +0000 UTC"));
    assertThat(positionFiles()).as("one identity, one position").hasSize(1);
  }

  @Test
  @DisplayName(
      "A position the store holds but cannot be read as a time means no history: no catch-up, no crash, and the next event replaces it")
  void unreadablePosition() throws Exception {
    CalendarServer first = restartAt("2026-11-26T00:30:00Z");
    EventReader a = first.open("hourly", CONFIG);
    first.time.advance(Duration.ofMinutes(30));
    Waits.until("the 01:00 timer event", WAIT, () -> a.received.size() == 1);
    first.close();
    server = null;
    assertThat(positionFiles()).hasSize(1);
    Files.writeString(positionFiles().get(0), "\u0000garbage{");

    CalendarServer second = restartAt("2026-11-26T05:30:00Z");
    EventReader b = second.open("hourly", CONFIG);
    assertThat(b.received).isEmpty();
    assertThat(b.end).isNotDone();
    second.time.advance(Duration.ofMinutes(30));
    Waits.until("the 06:00 timer event", WAIT, () -> b.received.size() == 1);
    assertThat(texts(b)).containsExactly(event("2026-11-26 06:00:00 +0000 UTC m=+*"));

    CalendarServer third = restartAt("2026-11-26T07:10:00Z");
    EventReader c = third.open("hourly", CONFIG);
    Waits.until("one catch-up event", WAIT, () -> c.received.size() >= 1);
    assertThat(texts(c)).containsExactly(event("2026-11-26 07:00:00 +0000 UTC"));
  }

  @Test
  @DisplayName(
      "Without catch-up enabled, events carry no position: nothing is written to the store")
  void noCatchUpNoState() throws Exception {
    CalendarServer first = restartAt("2026-11-26T00:30:00Z");
    EventReader a = first.open("hourly", "schedule: \"@hourly\"");
    first.time.advance(Duration.ofHours(2));
    Waits.until("two timer events", WAIT, () -> a.received.size() == 2);
    first.close();
    server = null;
    assertThat(positionFiles()).isEmpty();
  }
}
