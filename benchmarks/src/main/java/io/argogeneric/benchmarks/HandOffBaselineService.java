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

import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The flat-out firehose written directly on grpc-java in the SDK's shape rather than the {@link
 * BaselineService}'s: a producer thread per stream makes events into a bounded queue ({@value
 * BaselineService#BUFFERED} events, blocking when full) and a drain hands them to gRPC while {@code
 * isReady()} holds, from the producer after each event and from the onReady handler. It shows what
 * the hand-off between a producing thread and gRPC's writing thread costs by itself, apart from
 * anything in the SDK. Paced configs are refused: the comparison it serves is flat out.
 */
public final class HandOffBaselineService implements EventingGrpc.AsyncService {

  @Override
  public void startEventSource(EventSource request, StreamObserver<Event> responseObserver) {
    ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) responseObserver;
    FirehosePlan plan = BaselineService.planOrRefuse(request, call);
    if (plan == null) {
      return;
    }
    if (!plan.flatOut()) {
      BaselineService.refuse(call, "rate: the hand-off baseline runs flat out only (rate 0)");
      return;
    }
    ArrayBlockingQueue<Event> queue = new ArrayBlockingQueue<>(BaselineService.BUFFERED);
    Object writing = new Object(); // StreamObserver is not thread-safe: one drain at a time
    Runnable drain =
        () -> {
          synchronized (writing) {
            Event next;
            while (!call.isCancelled() && call.isReady() && (next = queue.poll()) != null) {
              call.onNext(next);
            }
          }
        };
    call.setOnReadyHandler(drain);
    call.setOnCancelHandler(queue::clear);
    Thread producer =
        new Thread(
            () -> {
              try {
                for (long seq = 0; !call.isCancelled() && !plan.done(seq); seq++) {
                  Event event =
                      BaselineService.event(
                          request.getName(),
                          plan.payloadSize(),
                          Payloads.epochMicros(Instant.now()),
                          seq);
                  while (!queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
                    if (call.isCancelled()) {
                      return;
                    }
                  }
                  drain.run();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                // onNext on a call the client cancelled meanwhile: the stream is over
              }
            },
            "handoff-producer");
    producer.setDaemon(true);
    producer.start();
  }
}
