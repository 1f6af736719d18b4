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
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.internal.EngineProbe;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.runtime.ServerLauncher;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hundred clients of a push-mode firehose that never read, against one that does. Each stream may
 * buffer 8 MiB (the default: 1,024 events of 8 KiB here), so together they could hold 800 MiB in
 * this suite's 512 MiB heap; the server-wide budget (its default, a quarter of the heap) must hold
 * them to 128 MiB while the reading client keeps receiving fresh events.
 */
class BufferBudgetTest {
  private static final int PAYLOAD_BYTES = 8 * 1024;
  private static final int NON_READERS = 100;
  private static final Duration ATTACK = Duration.ofSeconds(10);

  /**
   * Heap beyond the buffers: gRPC's per-call state for 101 streams, producers' garbage, metrics.
   */
  private static final long HEAP_SLACK = 64L * 1024 * 1024;

  private RunningServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    Faults.stop(channel, server);
  }

  /** Each stream's own thread emits {@code seq (8) | System.nanoTime() (8) | padding} flat out. */
  static final class PushFirehose extends EventingServer<PushFirehose.Config> {
    record Config(String note) {}

    final AtomicLong emitted = new AtomicLong();

    PushFirehose() {
      super(Config.class);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      Thread producer =
          new Thread(
              () -> {
                long seq = 0;
                try {
                  while (stream.isActive()) {
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    ByteBuffer.wrap(payload).putLong(++seq).putLong(System.nanoTime());
                    stream
                        .emitter()
                        .emit(payload); // default policy: BLOCK for up to 5 s, then DROPPED
                    emitted.incrementAndGet();
                  }
                } catch (StreamClosedException e) {
                  // the stream ended: this producer's work is done
                }
              },
              "push-" + stream.eventName());
      producer.setDaemon(true);
      producer.start();
    }
  }

  /** Requests {@code initial} events up front; with {@code reads}, one more per event received. */
  static final class Client extends EventReader {
    final boolean reads;
    final List<Long> latenciesNanos = new ArrayList<>();

    Client(boolean reads) {
      super(reads ? 1 : 0);
      this.reads = reads;
    }

    @Override
    public void onNext(Event event) {
      long emittedAt = event.getPayload().asReadOnlyByteBuffer().getLong(8);
      synchronized (latenciesNanos) {
        latenciesNanos.add(System.nanoTime() - emittedAt);
      }
      if (reads) {
        request(1);
      }
    }

    long[] latencies() {
      synchronized (latenciesNanos) {
        return latenciesNanos.stream().mapToLong(Long::longValue).toArray();
      }
    }

    int received() {
      synchronized (latenciesNanos) {
        return latenciesNanos.size();
      }
    }
  }

  @Test
  void aHundredNonReadingStreamsStayWithinTheBudgetAndAReaderKeepsItsLatency() throws Exception {
    PushFirehose plugin = new PushFirehose();
    server = plugin.launch("--port", "0", "--bind", "127.0.0.1");
    EventingEngine<?> engine = ServerLauncher.engineOf(server);
    long budget = EngineProbe.bufferBudget(engine);
    assertThat(budget)
        .as("the default budget: a quarter of the heap")
        .isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    // a fixed 64 KiB window per stream, so a client that reads nothing soon stalls its stream
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .flowControlWindow(65_535)
            .maxInboundMessageSize(1024 * 1024)
            .build();
    long heapBefore = Faults.usedHeapAfterGc();

    List<Client> stalled = new ArrayList<>();
    for (int i = 0; i < NON_READERS; i++) {
      stalled.add(open("idle-" + i, false));
    }
    Waits.until(
        "the non-reading streams spend the budget",
        Duration.ofSeconds(60),
        () -> engine.bufferedBytes() >= budget - NON_READERS * (PAYLOAD_BYTES + 64L));

    Client reader = open("reader", true);
    long attackEnd = System.nanoTime() + ATTACK.toNanos();
    long maxBuffered = 0;
    long maxHeap = 0;
    long nextHeapSample = System.nanoTime();
    while (System.nanoTime() < attackEnd) {
      maxBuffered = Math.max(maxBuffered, engine.bufferedBytes());
      if (System.nanoTime() >= nextHeapSample) {
        maxHeap = Math.max(maxHeap, Faults.usedHeapAfterGc());
        nextHeapSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      }
      Thread.sleep(50); // sampling period, not a wait for a condition
    }
    long[] latencies = reader.latencies();
    Arrays.sort(latencies);
    assertThat(latencies.length)
        .as("events the reading client received in %s", ATTACK)
        .isGreaterThanOrEqualTo(1000);
    long p50 = latencies[latencies.length / 2];
    long p99 = latencies[(int) (latencies.length * 0.99)];
    System.out.printf(
        "buffer-budget: budget %s (heap %s); %d non-reading streams; buffered at most %s; heap after GC "
            + "%s before, at most %s during; reader received %,d events in %d s, emit-to-receipt p50 %.1f ms, "
            + "p99 %.1f ms, max %.1f ms%n",
        mib(budget),
        mib(Runtime.getRuntime().maxMemory()),
        NON_READERS,
        mib(maxBuffered),
        mib(heapBefore),
        mib(maxHeap),
        latencies.length,
        ATTACK.toSeconds(),
        p50 / 1e6,
        p99 / 1e6,
        latencies[latencies.length - 1] / 1e6);

    long oneEventEach = (NON_READERS + 1) * (PAYLOAD_BYTES + 64L);
    assertThat(maxBuffered)
        .as("bytes buffered by all streams")
        .isLessThanOrEqualTo(budget + oneEventEach);
    assertThat(maxHeap - heapBefore)
        .as("heap growth under the attack")
        .isLessThanOrEqualTo(budget + HEAP_SLACK);
    // generous bounds for a loaded 2-core machine; before the budget the reader got one event in 36
    // s
    assertThat(p50)
        .as("median emit-to-receipt latency of the reading client")
        .isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(p99)
        .as("p99 emit-to-receipt latency of the reading client")
        .isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(reader.end).as("the reader's stream").isNotDone();
    assertThat(stalled)
        .as("the non-reading streams stay open: the budget sheds events, not streams")
        .allMatch(c -> !c.end.isDone());
  }

  private Client open(String name, boolean reads) {
    return new Client(reads).start(EventingGrpc.newStub(channel), name, "note: push");
  }
}
