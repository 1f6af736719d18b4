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
package io.argogeneric.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A real server on a loopback port, talked to by a plain grpc-java client, as Argo would. */
class LoopbackServerTest {

  /** Ticks via the SDK scheduler, or emits flat out from its own thread. */
  static final class TickPlugin extends EventingServer<TickPlugin.Config> {
    record Config(Duration every, @JsonProperty("flatOut") boolean flatOut, int size) {}

    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicLong dropped = new AtomicLong();
    final Set<Thread> producers = ConcurrentHashMap.newKeySet();

    TickPlugin() {
      super(Config.class);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      starts.incrementAndGet();
      stream.onStop(stops::incrementAndGet);
      Config c = stream.config();
      if (c.flatOut()) {
        Thread t =
            new Thread(
                () -> {
                  byte[] payload = new byte[Math.max(1, c.size())];
                  while (stream.isActive()) {
                    try {
                      if (stream.emitter().emit(payload.clone()) == EmitResult.DROPPED) {
                        dropped.incrementAndGet();
                      }
                    } catch (StreamClosedException e) {
                      return;
                    }
                  }
                },
                "flat-out-producer");
        producers.add(t);
        t.start();
        return;
      }
      AtomicInteger n = new AtomicInteger();
      stream
          .scheduler()
          .scheduleAtFixedRate(
              c.every(),
              c.every(),
              () -> stream.emitter().emitText(Integer.toString(n.getAndIncrement())));
    }

    @Override
    public void validate(Config config, io.argogeneric.sdk.config.ConfigErrors errors) {
      if (!config.flatOut() && config.every() == null) {
        errors.add("every", "is required unless flatOut is true");
      }
    }

    @Override
    public StreamSettings streamSettings() {
      return StreamSettings.defaults()
          .withMaxBufferedEvents(256)
          .withMaxBufferedBytes(256 * 1024)
          .withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
    }
  }

  private TickPlugin plugin;
  private RunningServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    plugin = new TickPlugin();
    server = plugin.launch("--port", "0", "--bind", "127.0.0.1", "--shutdown-grace", "1s");
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofMillis(200));
  }

  private static EventSource request(String name, String config) {
    return EventSource.newBuilder()
        .setName(name)
        .setConfig(ByteString.copyFromUtf8(config))
        .build();
  }

  @Test
  @DisplayName("events arrive in order over a real socket to a plain grpc-java client")
  void eventsInOrder() {
    Iterator<Event> events =
        EventingGrpc.newBlockingStub(channel).startEventSource(request("tick", "every: 5ms"));
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Event e = events.next();
      assertThat(e.getName()).isEqualTo("tick");
      got.add(e.getPayload().toStringUtf8());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  @DisplayName("a bad config gets INVALID_ARGUMENT naming the field, over the wire")
  void badConfig() {
    Iterator<Event> events =
        EventingGrpc.newBlockingStub(channel).startEventSource(request("tick", "flatOut: false"));
    try {
      events.next();
      throw new AssertionError("expected INVALID_ARGUMENT");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription())
          .isEqualTo("every: is required unless flatOut is true");
    }
    assertThat(plugin.starts.get()).isZero();
  }

  @Test
  @DisplayName("1,000 connect/cancel cycles leave no extra live threads and no open stream")
  void connectCancelCycles() throws Exception {
    // warm up the pools so their threads exist before counting
    for (int i = 0; i < 20; i++) {
      cycle(i);
    }
    Waits.until("warm-up streams stopped", () -> plugin.stops.get() == 20);
    int threadsBefore = Thread.activeCount();
    for (int i = 0; i < 1000; i++) {
      cycle(i);
    }
    Waits.until("every plugin run stopped", () -> plugin.stops.get() == 1020);
    assertThat(plugin.starts.get()).isEqualTo(1020);
    int threadsAfter = Thread.activeCount();
    assertThat(threadsAfter)
        .as("live threads before %d, after %d", threadsBefore, threadsAfter)
        .isLessThanOrEqualTo(threadsBefore + 2);
  }

  private void cycle(int i) throws InterruptedException {
    ClientCall<EventSource, Event> call =
        channel.newCall(EventingGrpc.getStartEventSourceMethod(), io.grpc.CallOptions.DEFAULT);
    AtomicInteger got = new AtomicInteger();
    java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(Event message) {
            got.incrementAndGet();
            first.countDown();
          }
        },
        new Metadata());
    call.sendMessage(request("cycle-" + i, "every: 1ms"));
    call.halfClose();
    call.request(1);
    assertThat(first.await(10, TimeUnit.SECONDS)).as("first event of cycle %d", i).isTrue();
    call.cancel("client goes away", null);
  }

  @Test
  @DisplayName(
      "a client that stops reading keeps the server's buffer within its bound while the plugin emits flat out")
  void slowReaderBounded() throws Exception {
    ClientCall<EventSource, Event> call =
        channel.newCall(EventingGrpc.getStartEventSourceMethod(), io.grpc.CallOptions.DEFAULT);
    AtomicInteger got = new AtomicInteger();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(Event message) {
            got.incrementAndGet();
          }
        },
        new Metadata());
    call.sendMessage(request("flood", "flatOut: true\nsize: 1024"));
    call.halfClose();
    call.request(1); // read one, then stop reading
    Waits.until("the overflow policy has dropped events", () -> plugin.dropped.get() > 10_000);
    StreamSettings bound = plugin.streamSettings();
    for (int i = 0; i < 50; i++) {
      var engine = io.argogeneric.sdk.internal.runtime.ServerLauncher.engineOf(server);
      assertThat(engine.bufferedBytes()).isLessThanOrEqualTo(bound.maxBufferedBytes());
      assertThat(engine.bufferedEvents()).isLessThanOrEqualTo(bound.maxBufferedEvents());
      Thread.sleep(2);
    }
    assertThat(got.get()).isEqualTo(1);
    call.cancel("done", null);
    Waits.until(
        "the producer stopped",
        () -> plugin.stops.get() == 1 && plugin.producers.stream().noneMatch(Thread::isAlive));
  }
}
