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

import static io.argogeneric.faults.Faults.mib;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.runtime.ServerLauncher;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while the plugin emits as fast as it can. The client is a real
 * grpc-java client over loopback whose transport stays alive (it answers pings, as grpc-go's does
 * for Argo's client while the event bus blocks) but whose application asks for no more messages.
 */
class SlowReaderTest {
  private static final long BUFFER_BOUND = 4L * 1024 * 1024;
  private static final int PAYLOAD_BYTES = 1024;

  /**
   * Heap the test allows on top of the stream buffer: objects the flat-out producer allocates
   * between the end of a GC and the sample (its TLAB), the client's and the server's per-call gRPC
   * state, Micrometer's latency histogram, and JIT/logging churn that a single full GC does not
   * always fold into the same old-generation layout. Measured growth is far below.
   */
  private static final long HEAP_SLACK = 32L * 1024 * 1024;

  private static final Duration STOPPED_FOR =
      Duration.ofSeconds(Long.getLong("faults.slowReader.seconds", 60));

  private RunningServer server;
  private ManagedChannel channel;
  private final ExecutorService clientCallbacks = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() throws InterruptedException {
    Faults.stop(channel, server);
    clientCallbacks.shutdownNow();
  }

  /**
   * Emits events of {@code seq (8 bytes) + padding} from its own thread, flat out, until told to
   * stop.
   */
  static final class FloodPlugin extends EventingServer<FloodPlugin.Config> {
    record Config(String note) {}

    volatile boolean producing = true;
    final AtomicLong emitted = new AtomicLong();
    final AtomicLong lastSeq = new AtomicLong();
    final CompletableFuture<Void> producerDone = new CompletableFuture<>();

    FloodPlugin() {
      super(Config.class);
    }

    @Override
    public StreamSettings streamSettings() {
      return StreamSettings.defaults()
          .withOverflowPolicy(OverflowPolicy.DROP_OLDEST)
          .withMaxBufferedEvents(1_000_000)
          .withMaxBufferedBytes(BUFFER_BOUND);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      Thread producer =
          new Thread(
              () -> {
                long seq = 0;
                try {
                  while (producing && stream.isActive()) {
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    ByteBuffer.wrap(payload).putLong(++seq);
                    stream.emitter().emit(payload);
                    emitted.incrementAndGet();
                    lastSeq.set(seq);
                  }
                } catch (StreamClosedException e) {
                  // the stream ended under the producer: the test's assertions will say so
                } finally {
                  producerDone.complete(null);
                }
              },
              "flood-producer");
      producer.setDaemon(true);
      producer.start();
      stream.onStop(() -> producing = false);
    }
  }

  /** Reads one event at a time, as Argo's client does, while {@code reading}. */
  static final class Reader extends EventReader {
    volatile boolean reading = true;
    final AtomicLong count = new AtomicLong();
    volatile long lastSeq;
    volatile boolean inOrder = true;

    Reader() {
      super(1);
    }

    @Override
    public void onNext(Event event) {
      long seq = event.getPayload().asReadOnlyByteBuffer().getLong();
      if (seq <= lastSeq) {
        inOrder = false;
      }
      lastSeq = seq;
      count.incrementAndGet();
      if (reading) {
        request(1);
      }
    }

    void resume() {
      reading = true;
      request(1);
    }
  }

  @Test
  void heapStaysWithinTheBufferBoundAndDropOldestAccountsForEveryEvent() throws Exception {
    FloodPlugin plugin = new FloodPlugin();
    server = plugin.launch("--port", "0", "--bind", "127.0.0.1");
    EventingEngine<?> engine = ServerLauncher.engineOf(server);
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.port(), InsecureChannelCredentials.create())
            .executor(clientCallbacks)
            .build();
    long heapBefore = Faults.usedHeapAfterGc();

    Reader reader = new Reader().start(EventingGrpc.newStub(channel), "flood", "note: flat out");
    Waits.until(
        "the reader gets 1,000 events", Duration.ofSeconds(20), () -> reader.count.get() >= 1000);
    reader.reading = false;

    long stopUntil = System.nanoTime() + STOPPED_FOR.toNanos();
    long nextHeapSample = System.nanoTime();
    long maxHeap = 0;
    long maxBuffered = 0;
    int samples = 0;
    while (System.nanoTime() < stopUntil) {
      maxBuffered = Math.max(maxBuffered, engine.bufferedBytes());
      if (System.nanoTime() >= nextHeapSample) {
        maxHeap = Math.max(maxHeap, Faults.usedHeapAfterGc());
        samples++;
        nextHeapSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      }
      Thread.sleep(50); // sampling period, not a wait for a condition
    }
    long receivedWhileStopped = reader.count.get();
    assertThat(reader.end).as("the stream is still open after the stop").isNotDone();

    plugin.producing = false;
    plugin.producerDone.get(10, TimeUnit.SECONDS);
    long emitted = plugin.emitted.get();
    Counter droppedCounter =
        engine
            .metrics()
            .registry()
            .find("eventsource.events.dropped")
            .tag("reason", "drop_oldest")
            .counter();
    reader.resume();
    Waits.until(
        "the reader drains the buffer",
        Duration.ofSeconds(60),
        () -> engine.bufferedEvents() == 0 && reader.lastSeq == plugin.lastSeq.get());
    long received = reader.count.get();
    long dropped = (long) droppedCounter.count();
    long heapAfter = Faults.usedHeapAfterGc();

    System.out.printf(
        "slow-reader: stopped %d s; emitted %,d (%,d/s), dropped %,d, received %,d (%,d before the stop); "
            + "max buffered %s of %s; heap after GC: before %s, max during %s (%d samples), after %s%n",
        STOPPED_FOR.toSeconds(),
        emitted,
        emitted / Math.max(1, STOPPED_FOR.toSeconds()),
        dropped,
        received,
        receivedWhileStopped,
        mib(maxBuffered),
        mib(BUFFER_BOUND),
        mib(heapBefore),
        mib(maxHeap),
        samples,
        mib(heapAfter));

    assertThat(maxBuffered)
        .as("stream buffer bytes while the reader is stopped")
        .isLessThanOrEqualTo(BUFFER_BOUND);
    assertThat(maxHeap - heapBefore)
        .as("heap growth while the reader is stopped")
        .isLessThanOrEqualTo(BUFFER_BOUND + HEAP_SLACK);
    assertThat(heapAfter - heapBefore)
        .as("heap growth after the drain")
        .isLessThanOrEqualTo(HEAP_SLACK);
    assertThat(dropped).as("DROP_OLDEST discarded events").isPositive();
    assertThat(dropped + received).as("dropped + received").isEqualTo(emitted);
    assertThat(
            (long) engine.metrics().registry().get("eventsource.events.emitted").counter().count())
        .as("emitted metric")
        .isEqualTo(emitted);
    assertThat(reader.inOrder).as("received in emit order").isTrue();
    assertThat(reader.lastSeq)
        .as("the newest event survives DROP_OLDEST")
        .isEqualTo(plugin.lastSeq.get());
  }
}
