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
package io.argogeneric.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.internal.EngineProbe;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.runtime.ServerLauncher;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 200 stream slots opened and closed at random for a while: cancels, whole connections dropped,
 * refused configs, over real loopback connections. Afterwards the server must hold exactly what it
 * held before: no stream, no buffered event, no timer, no extra thread.
 */
class StreamChurnTest {
  private static final int SLOTS = 200;
  private static final int CONNECTIONS = 4;
  private static final Duration CHURN =
      Duration.ofSeconds(Long.getLong("faults.churn.seconds", 10));
  private static final long SEED = Long.getLong("faults.churn.seed", 8_2026L);
  private static final int THREAD_SLACK = 4;
  private static final String[] CONFIGS = {
    "every: 50ms", "every: 100ms", "every: 1s", "{}", "every: 200ms"
  };

  private RunningServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(1));
    }
  }

  /** Ticks on a timer, keeps a far-off timer pending, and counts its runs' starts and stops. */
  static final class TickingPlugin extends EventingServer<TickingPlugin.Config> {
    record Config(Duration every) {}

    final AtomicLong starts = new AtomicLong();
    final AtomicLong stops = new AtomicLong();

    TickingPlugin() {
      super(Config.class);
    }

    @Override
    public StreamSettings streamSettings() {
      return StreamSettings.defaults()
          .withOverflowPolicy(OverflowPolicy.DROP_NEWEST)
          .withMaxBufferedEvents(64);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      starts.incrementAndGet();
      stream.onStop(stops::incrementAndGet);
      Duration every =
          stream.config().every() == null ? Duration.ofMillis(100) : stream.config().every();
      stream.scheduler().scheduleAtFixedRate(every, every, () -> stream.emitter().emitText("tick"));
      stream
          .scheduler()
          .schedule(Duration.ofHours(1), () -> stream.emitter().emitText("an hour later"));
    }
  }

  /**
   * Clients of the churn: a few connections, each with many streams, on an executor the test owns.
   */
  private final class Clients {
    final ExecutorService callbacks = Executors.newFixedThreadPool(4);
    final ManagedChannel[] channels = new ManagedChannel[CONNECTIONS];
    final Map<Integer, ClientCallStreamObserver<EventSource>> open = new ConcurrentHashMap<>();
    final AtomicLong opened = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong connectionsDropped = new AtomicLong();
    final AtomicLong unexpectedEnds = new AtomicLong();
    final AtomicLong events = new AtomicLong();

    Clients() {
      for (int i = 0; i < CONNECTIONS; i++) {
        channels[i] = newChannel();
      }
    }

    ManagedChannel newChannel() {
      return Grpc.newChannelBuilderForAddress(
              "127.0.0.1", server.port(), InsecureChannelCredentials.create())
          .executor(callbacks)
          .build();
    }

    void open(int slot, Random random) {
      boolean bad = random.nextInt(20) == 0;
      String config = bad ? "evry: 1s" : CONFIGS[random.nextInt(CONFIGS.length)];
      EventingGrpc.newStub(channels[slot % CONNECTIONS])
          .startEventSource(
              EventSource.newBuilder()
                  .setName("churn-" + slot)
                  .setConfig(ByteString.copyFromUtf8(config))
                  .build(),
              new ClientResponseObserver<EventSource, Event>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<EventSource> call) {
                  open.put(slot, call);
                }

                @Override
                public void onNext(Event value) {
                  events.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                  Status.Code code = Status.fromThrowable(t).getCode();
                  if (code == Status.Code.INVALID_ARGUMENT && bad) {
                    refused.incrementAndGet();
                  } else if (code != Status.Code.CANCELLED && code != Status.Code.UNAVAILABLE) {
                    unexpectedEnds
                        .incrementAndGet(); // CANCELLED/UNAVAILABLE: our own cancel or dropped
                    // connection
                  }
                  open.remove(slot);
                }

                @Override
                public void onCompleted() {
                  unexpectedEnds.incrementAndGet(); // the SDK never ends a stream with OK
                  open.remove(slot);
                }
              });
      opened.incrementAndGet();
    }

    void churn(Duration howLong, Random random) {
      long until = System.nanoTime() + howLong.toNanos();
      long nextDrop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
      while (System.nanoTime() < until) {
        if (System.nanoTime() > nextDrop) { // a whole connection goes: all its streams at once
          int c = random.nextInt(CONNECTIONS);
          ManagedChannel gone = channels[c];
          channels[c] = newChannel();
          gone.shutdownNow();
          connectionsDropped.incrementAndGet();
          nextDrop = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(500));
        }
        int slot = random.nextInt(SLOTS);
        ClientCallStreamObserver<EventSource> call = open.remove(slot);
        if (call != null) {
          call.cancel("churn", null);
          cancelled.incrementAndGet();
        } else {
          open(slot, random);
        }
        LockSupport.parkNanos(random.nextInt(2_000_000)); // pacing: about 1,000 actions a second
      }
    }

    void closeAll() throws InterruptedException {
      open.values().forEach(call -> call.cancel("done", null));
      for (ManagedChannel ch : channels) {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      callbacks.shutdown();
      callbacks.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoHundredStreamsChurningLeaveNoThreadBufferOrTimerBehind() throws Exception {
    TickingPlugin plugin = new TickingPlugin();
    server = plugin.launch("--port", "0", "--bind", "127.0.0.1");
    EventingEngine<?> engine = ServerLauncher.engineOf(server);
    Random random = new Random(SEED);

    // warm every lazily started pool with a short churn, then count
    Clients warmUp = new Clients();
    warmUp.churn(Duration.ofSeconds(1), random);
    warmUp.closeAll();
    awaitIdle(engine, plugin);
    int baselineThreads = Faults.liveThreads();

    Clients clients = new Clients();
    clients.churn(CHURN, random);
    int openAtEnd = clients.open.size();
    int activeAtEnd = engine.activeStreams();
    clients.closeAll();
    awaitIdle(engine, plugin);

    assertThat(clients.unexpectedEnds.get())
        .as(
            "streams ended by the server with a status other than the "
                + "client's cancel, a dropped connection or INVALID_ARGUMENT for a bad config")
        .isZero();
    assertThat(engine.activeStreams()).isZero();
    assertThat(engine.pendingTasks()).isZero();
    assertThat(EngineProbe.queuedTasks(engine)).isZero();
    assertThat(engine.bufferedEvents()).isZero();
    assertThat(engine.bufferedBytes()).isZero();
    assertThat(plugin.stops.get()).as("stops").isEqualTo(plugin.starts.get());
    Waits.until(
        "threads back to the baseline of " + baselineThreads + " + " + THREAD_SLACK,
        Waits.DEFAULT,
        () -> Faults.liveThreads() <= baselineThreads + THREAD_SLACK);
    System.out.printf(
        "churn: seed %d, %d s, %,d streams opened (%,d refused for a bad config), %,d cancelled, "
            + "%d connections dropped, %,d events; %d open at the end (server: %d); plugin runs %,d started/%,d stopped; "
            + "threads baseline %d, after %d%n",
        SEED,
        CHURN.toSeconds(),
        clients.opened.get(),
        clients.refused.get(),
        clients.cancelled.get(),
        clients.connectionsDropped.get(),
        clients.events.get(),
        openAtEnd,
        activeAtEnd,
        plugin.starts.get(),
        plugin.stops.get(),
        baselineThreads,
        Faults.liveThreads());
    assertThat(clients.opened.get()).as("streams opened").isGreaterThan(1000);
    assertThat(activeAtEnd)
        .as("streams open on the server at the end of the churn")
        .isGreaterThan(SLOTS / 10);
  }

  private static void awaitIdle(EventingEngine<?> engine, TickingPlugin plugin)
      throws InterruptedException {
    Waits.until(
        "the server is idle: no stream, timer or buffered event; every run stopped",
        Duration.ofSeconds(20),
        () ->
            engine.activeStreams() == 0
                && engine.pendingTasks() == 0
                && EngineProbe.queuedTasks(engine) == 0
                && engine.bufferedEvents() == 0
                && engine.bufferedBytes() == 0
                && plugin.stops.get() == plugin.starts.get());
  }
}
