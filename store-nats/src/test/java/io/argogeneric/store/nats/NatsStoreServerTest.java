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
package io.argogeneric.store.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.NatsServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SDK's real runtime with {@code --store nats://...} (found by ServiceLoader: no plugin code
 * names the store), an outbox plugin and a gRPC client over loopback, against a real nats-server.
 */
class NatsStoreServerTest {

  /** Emits numbered events while {@link #emitting}; numbering goes on across runs. */
  static final class Numbers extends EventingServer<Numbers.Config> {
    record Config(String unused) {}

    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger runs = new AtomicInteger();
    final AtomicBoolean emitting = new AtomicBoolean(true);
    final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    final List<String> failures = new CopyOnWriteArrayList<>();
    volatile int burst = Integer.MAX_VALUE; // emits per run, then it waits
    volatile String padding = "";

    Numbers() {
      super(Config.class);
    }

    @Override
    public Optional<OutboxSettings> outbox() {
      return Optional.of(OutboxSettings.defaults());
    }

    @Override
    public void start(StreamContext<Config> stream) throws Exception {
      int emitted = 0;
      runs.incrementAndGet();
      while (stream.isActive()) {
        if (!emitting.get() || emitted >= burst) {
          Thread.sleep(5);
          continue;
        }
        int n = next.getAndIncrement();
        try {
          if (stream.emitter().emitText(n + " " + padding) == EmitResult.ACCEPTED) {
            accepted.add(n);
          }
          emitted++;
        } catch (StreamClosedException e) {
          failures.add(e.getMessage());
          return;
        }
      }
    }
  }

  private static ManagedChannel channel(RunningServer server) {
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1", server.port(), InsecureChannelCredentials.create())
        .build();
  }

  private static RunningServer launch(Numbers plugin, String store) throws Exception {
    return plugin.launch("--port", "0", "--bind", "127.0.0.1", "--store", store);
  }

  @Test
  @DisplayName(
      "kill -9 of nats-server mid-load and its restart on the same directory: emits fail clearly"
          + " (StreamClosedException, the stream ends UNAVAILABLE) while it is down, and every"
          + " ACCEPTED event reaches the client")
  void natsRestartMidLoad() throws Exception {
    try (NatsServer nats = NatsServer.start()) {
      Numbers plugin = new Numbers();
      RunningServer server = launch(plugin, nats.url() + "?prefix=load&timeout=2s");
      ManagedChannel channel = channel(server);
      List<Status> ends = new CopyOnWriteArrayList<>();
      List<EventReader> readers = new CopyOnWriteArrayList<>();
      AtomicBoolean reading = new AtomicBoolean(true);
      // reconnects as Argo's client does (faster than its 5 s), collecting what each stream got
      Thread client =
          new Thread(
              () -> {
                while (reading.get()) {
                  EventReader r = EventReader.open(channel, "load", "{}");
                  readers.add(r);
                  try {
                    ends.add(r.end.get());
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    r.cancel();
                    return;
                  } catch (Exception e) {
                    ends.add(Status.fromThrowable(e));
                  }
                }
              },
              "argo-like-client");
      client.start();
      try {
        Waits.until("300 accepted", () -> plugin.accepted.size() >= 300);
        nats.kill();
        Waits.until(
            "an emit to fail while nats-server is down",
            Waits.DEFAULT,
            () -> !plugin.failures.isEmpty(),
            () -> "accepted " + plugin.accepted.size());
        Waits.until(
            "a stream to end UNAVAILABLE",
            () -> ends.stream().anyMatch(s -> s.getCode() == Status.Code.UNAVAILABLE));
        int acceptedWhileDown = plugin.accepted.size();
        nats.restart();
        Waits.until(
            "300 more accepted after the restart",
            Duration.ofSeconds(60),
            () -> plugin.accepted.size() >= acceptedWhileDown + 300,
            () -> "ends " + ends + ", failures " + plugin.failures.size());
        plugin.emitting.set(false);
        Set<Integer> accepted = Set.copyOf(plugin.accepted);
        Waits.until(
            "every accepted event to reach the client",
            Duration.ofSeconds(60),
            () -> received(readers).containsAll(accepted),
            () -> "missing " + missing(accepted, received(readers)));
        int total = 0;
        for (EventReader r : readers) {
          total += r.received.size();
        }
        System.out.printf(
            "nats restart mid-load: accepted %d, received %d distinct (%d with duplicates),"
                + " failed emits %d, streams %d, first failure: %s%n",
            accepted.size(),
            received(readers).size(),
            total,
            plugin.failures.size(),
            readers.size(),
            plugin.failures.get(0));
        assertThat(plugin.failures.get(0)).contains("outbox store failed").contains("NATS");
      } finally {
        reading.set(false);
        client.interrupt();
        client.join(10_000);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdown(Duration.ofSeconds(2));
      }
    }
  }

  private static Set<Integer> received(List<EventReader> readers) {
    Set<Integer> out = new HashSet<>();
    for (EventReader r : readers) {
      for (String s : r.received) {
        out.add(number(s));
      }
    }
    return out;
  }

  private static int number(String payload) {
    return Integer.parseInt(payload.substring(0, payload.indexOf(' ')));
  }

  private static List<Integer> missing(Set<Integer> accepted, Set<Integer> received) {
    List<Integer> out = new ArrayList<>();
    for (int a : accepted) {
      if (!received.contains(a) && out.size() < 20) {
        out.add(a);
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "a new server process on the same NATS store replays what the previous one accepted and"
          + " never delivered, and resumes the position")
  void restartOfTheServerSeesTheState() throws Exception {
    try (NatsServer nats = NatsServer.start()) {
      String store = nats.url() + "?prefix=again";
      Numbers first = new Numbers();
      first.emitting.set(false);
      first.burst = 200;
      RunningServer server = launch(first, store);
      ManagedChannel channel = channel(server);
      EventReader gone = EventReader.open(channel, "again", "{}", 0);
      Waits.until("the run to start", () -> first.runs.get() == 1);
      gone.cancel(); // the client goes away: the run goes on, its events wait in the outbox
      first.emitting.set(true);
      Waits.until("200 emits", () -> first.next.get() >= 200);
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdown(Duration.ofSeconds(2));
      List<Integer> accepted = first.accepted.stream().sorted().toList();

      Numbers second = new Numbers();
      second.burst = 0; // emits nothing: all it sends is the backlog
      server = launch(second, store);
      channel = channel(server);
      try {
        EventReader reader = EventReader.open(channel, "again", "{}");
        Waits.until("the backlog", () -> !reader.received.isEmpty());
        int lastAccepted = accepted.get(accepted.size() - 1);
        Waits.until(
            "the newest accepted event",
            () -> reader.received.stream().anyMatch(p -> number(p) == lastAccepted));
        List<Integer> replayed = reader.received.stream().map(NatsStoreServerTest::number).toList();
        System.out.printf(
            "new server process: %d of %d accepted events replayed from NATS%n",
            replayed.size(), accepted.size());
        assertThat(replayed)
            .as("the first process's newest accepted events, in order, none missing")
            .isEqualTo(accepted.subList(accepted.size() - replayed.size(), accepted.size()));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdown(Duration.ofSeconds(2));
      }
    }
  }
}
