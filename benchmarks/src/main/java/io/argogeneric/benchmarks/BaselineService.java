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
package io.argogeneric.benchmarks;

import com.google.protobuf.UnsafeByteOperations;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The firehose written directly on grpc-java, as a careful hand-written server would be: manual
 * outbound flow control with {@code isReady()} and the onReady handler (ejona86's drain loop), no
 * unbounded queue, the same payloads as the SDK plugin. Flat out, events are made only when the
 * transport is ready; paced, a timer stamps the events that fall due into a bounded ring and the
 * drain sends them while the transport is ready.
 */
public final class BaselineService implements EventingGrpc.AsyncService {
  private final ScheduledExecutorService timer;

  /** {@code timer} runs the ticks of paced streams; it is not owned. */
  public BaselineService(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  @Override
  public void startEventSource(EventSource request, StreamObserver<Event> responseObserver) {
    ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) responseObserver;
    FirehosePlan plan = planOrRefuse(request, call);
    if (plan == null) {
      return;
    }
    Stream stream = new Stream(call, request.getName(), plan);
    call.setOnCancelHandler(stream::cancel);
    // grpc runs it once after this method returns if the transport is ready, then on every
    // not-ready to ready transition, serialized with the call's other callbacks
    call.setOnReadyHandler(stream::drain);
    if (!plan.flatOut()) {
      Instant started = Instant.now();
      stream.ticks =
          timer.scheduleAtFixedRate(
              () -> stream.tick(started), 0, plan.tick().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The stream's plan from its config, or null once {@code call} is refused with INVALID_ARGUMENT.
   */
  static FirehosePlan planOrRefuse(EventSource request, ServerCallStreamObserver<Event> call) {
    try {
      return FirehosePlan.parse(request.getConfig().toString(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      refuse(call, e.getMessage());
      return null;
    }
  }

  static void refuse(ServerCallStreamObserver<Event> call, String why) {
    call.onError(Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException());
  }

  /** One firehose event: {@link Payloads} wrapped without a copy, as the SDK plugin's emit does. */
  static Event event(String name, int payloadSize, long stampMicros, long seq) {
    byte[] payload = Payloads.create(payloadSize, stampMicros, seq);
    return Event.newBuilder()
        .setName(name)
        .setPayload(UnsafeByteOperations.unsafeWrap(payload))
        .build();
  }

  /** Paced events waiting for the transport, as many as the SDK's default stream buffer. */
  static final int BUFFERED = 1024;

  private static final class Stream {
    private final ServerCallStreamObserver<Event> call;
    private final String name;
    private final FirehosePlan plan;
    private volatile boolean cancelled;
    volatile ScheduledFuture<?> ticks;
    // guarded by this: the timer's tick and grpc's onReady both drain
    private long sent;
    private long generated;
    // paced: emit stamps of events due but not yet sent, at most BUFFERED (the SDK's default
    // buffer)
    private final long[] stamps = new long[BUFFERED];
    private int head;
    private int size;

    Stream(ServerCallStreamObserver<Event> call, String name, FirehosePlan plan) {
      this.call = call;
      this.name = name;
      this.plan = plan;
    }

    /**
     * Stamps the events that fell due since the last tick with this tick's time, as the SDK plugin
     * does, and keeps them until the transport is ready; past {@value #BUFFERED} waiting events,
     * the rest wait for a later tick (and its later stamp), so that nothing grows without bound.
     */
    void tick(Instant started) {
      Instant now = Instant.now();
      long due = plan.due(Duration.between(started, now));
      long stamp = Payloads.epochMicros(now);
      synchronized (this) {
        while (generated < due && size < BUFFERED) {
          stamps[(head + size++) % BUFFERED] = stamp;
          generated++;
        }
      }
      drain();
    }

    synchronized void drain() {
      if (plan.flatOut()) {
        while (!cancelled && !plan.done(sent) && call.isReady()) {
          call.onNext(event(Payloads.epochMicros(Instant.now())));
        }
      } else {
        while (!cancelled && size > 0 && call.isReady()) {
          long stamp = stamps[head];
          head = (head + 1) % BUFFERED;
          size--;
          call.onNext(event(stamp));
        }
      }
    }

    private Event event(long stampMicros) {
      return BaselineService.event(name, plan.payloadSize(), stampMicros, sent++);
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> t = ticks;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
