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
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.NatsServer;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emit throughput of an outbox plugin on the NATS store against the file store, in the same run,
 * printed. A measurement, not a performance assertion: it asserts only that every event arrived.
 */
class NatsThroughputTest {
  static final int EVENTS = 2000;

  /** Emits {@link #EVENTS} events of 200 bytes as fast as emit returns, and times them. */
  static final class Burst extends EventingServer<Burst.Config> {
    record Config(String unused) {}

    final AtomicLong nanos = new AtomicLong();
    final AtomicInteger accepted = new AtomicInteger();

    Burst() {
      super(Config.class);
    }

    @Override
    public Optional<OutboxSettings> outbox() {
      return Optional.of(OutboxSettings.defaults());
    }

    @Override
    public void start(StreamContext<Config> stream) {
      String payload = "x".repeat(200);
      long start = System.nanoTime();
      for (int i = 0; i < EVENTS; i++) {
        if (stream.emitter().emitText(payload) == EmitResult.ACCEPTED) {
          accepted.incrementAndGet();
        }
      }
      nanos.set(System.nanoTime() - start);
    }
  }

  private static double eventsPerSecond(String store) throws Exception {
    Burst plugin = new Burst();
    RunningServer server = plugin.launch("--port", "0", "--bind", "127.0.0.1", "--store", store);
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
    try {
      EventReader reader = EventReader.open(channel, "burst", "{}");
      reader.awaitReceived(EVENTS, Duration.ofSeconds(60));
      Waits.until("the burst to be timed", () -> plugin.nanos.get() > 0);
      assertThat(plugin.accepted.get()).isEqualTo(EVENTS);
      return EVENTS / (plugin.nanos.get() / 1e9);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  @DisplayName("emit throughput with an outbox: NATS store against file store (printed)")
  void natsAgainstFile(@TempDir Path dir) throws Exception {
    try (NatsServer nats = NatsServer.start()) {
      eventsPerSecond("file:" + dir.resolve("warm-up")); // JIT, gRPC: not charged to either store
      double file = eventsPerSecond("file:" + dir.resolve("measured"));
      double onNats = eventsPerSecond(nats.url() + "?prefix=bench");
      System.out.printf(
          "emit throughput, outbox, %d events of 200 bytes, one stream: file store %.0f/s, NATS"
              + " store %.0f/s (loopback nats-server, 1 replica)%n",
          EVENTS, file, onNats);
    }
  }
}
