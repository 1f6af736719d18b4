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
package io.argogeneric.benchmarks.jmh;

import io.argogeneric.benchmarks.BaselineService;
import io.argogeneric.benchmarks.FirehoseEventSource;
import io.argogeneric.benchmarks.FirehosePlan;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.internal.EventingEngine;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second from a flat-out firehose through the server's emit → write path, on the
 * in-process transport so that no socket or HTTP/2 framing is measured: the SDK's {@link
 * EventingEngine} against the hand-written {@link BaselineService}, same payloads, same thread
 * pools, same client. The client requests freely (a window of {@value #WINDOW} messages, topped up
 * as it goes), so the server side is the bottleneck.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmitPathBenchmark {
  static final int BATCH = 1024;
  static final int WINDOW = 4096;

  /** sdk: the firehose's default on-demand source; sdk-push: a thread emitting into the buffer. */
  @Param({"sdk", "sdk-push", "baseline"})
  public String server;

  @Param({"100", "1024"})
  public int payloadSize;

  private ScheduledThreadPoolExecutor timers;
  private ExecutorService callbacks;
  private ExecutorService clientExecutor;
  private EventingEngine<?> engine;
  private Server grpc;
  private ManagedChannel channel;
  private ClientCallStreamObserver<EventSource> call;
  private final Semaphore received = new Semaphore(0);

  @Setup
  public void start() throws IOException {
    timers = new ScheduledThreadPoolExecutor(2);
    callbacks = Executors.newFixedThreadPool(4);
    clientExecutor = Executors.newSingleThreadExecutor();
    ServerServiceDefinition service;
    if (server.startsWith("sdk")) {
      FirehoseEventSource.EmitMode mode =
          server.equals("sdk-push")
              ? FirehoseEventSource.EmitMode.PUSH
              : FirehoseEventSource.EmitMode.ON_DEMAND;
      engine = EventingEngine.builder(new FirehoseEventSource(mode)).executor(timers).build();
      service = engine.serviceDefinition();
    } else if (server.equals("baseline")) {
      service = EventingGrpc.bindService(new BaselineService(timers));
    } else {
      throw new IllegalArgumentException("server must be sdk, sdk-push or baseline: " + server);
    }
    String name = "emit-path-" + System.nanoTime();
    grpc =
        InProcessServerBuilder.forName(name)
            .executor(callbacks)
            .addService(service)
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).executor(clientExecutor).build();
    EventSource request =
        EventSource.newBuilder()
            .setName("firehose")
            .setConfig(
                com.google.protobuf.ByteString.copyFromUtf8(
                    new FirehosePlan(payloadSize, 0, 0).toConfig()))
            .build();
    EventingGrpc.newStub(channel)
        .startEventSource(
            request,
            new ClientResponseObserver<EventSource, Event>() {
              private int sinceRequest;
              private int sinceRelease;

              @Override
              public void beforeStart(ClientCallStreamObserver<EventSource> requestStream) {
                call = requestStream;
                requestStream.disableAutoRequestWithInitial(WINDOW);
              }

              @Override
              public void onNext(Event value) {
                if (++sinceRequest == WINDOW / 2) {
                  call.request(sinceRequest);
                  sinceRequest = 0;
                }
                if (++sinceRelease == 64) { // BATCH is a multiple of 64
                  received.release(sinceRelease);
                  sinceRelease = 0;
                }
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void receiveEvents() throws InterruptedException {
    if (!received.tryAcquire(BATCH, 30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "no " + BATCH + " events within 30 s from the " + server + " server");
    }
  }

  @TearDown
  public void stop() throws InterruptedException {
    if (call != null) {
      call.cancel("benchmark over", null);
    }
    if (engine != null) {
      engine.shutdown(Duration.ofSeconds(1));
    }
    channel.shutdownNow();
    grpc.shutdownNow();
    grpc.awaitTermination(5, TimeUnit.SECONDS);
    channel.awaitTermination(5, TimeUnit.SECONDS);
    timers.shutdownNow();
    callbacks.shutdownNow();
    clientExecutor.shutdownNow();
  }
}
