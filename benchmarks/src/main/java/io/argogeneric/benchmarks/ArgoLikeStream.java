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
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One StartEventSource stream read the way Argo's client reads it (a blocking stub, one event at a
 * time, on a thread of its own), or with {@code async} through a stream observer; every event goes
 * to {@code onEvent}. The benchmark clients' subscribers count and time on top of it.
 */
final class ArgoLikeStream implements AutoCloseable {
  private final ManagedChannel channel;
  private final Context.CancellableContext context = Context.current().withCancellation();
  private final Thread reader;
  private volatile String failure;

  ArgoLikeStream(
      ManagedChannel channel,
      EventSource source,
      boolean async,
      Consumer<Event> onEvent,
      String threadName) {
    this.channel = channel;
    if (async) {
      reader = null;
      context.run(
          () ->
              EventingGrpc.newStub(channel)
                  .startEventSource(
                      source,
                      new StreamObserver<>() {
                        @Override
                        public void onNext(Event event) {
                          onEvent.accept(event);
                        }

                        @Override
                        public void onError(Throwable t) {
                          ended(io.grpc.Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                          failure = "the stream ended with OK";
                        }
                      }));
      return;
    }
    reader =
        new Thread(
            () ->
                context.run(
                    () -> {
                      try {
                        Iterator<Event> events =
                            EventingGrpc.newBlockingStub(channel).startEventSource(source);
                        while (events.hasNext()) {
                          onEvent.accept(events.next());
                        }
                        failure = "the stream ended with OK";
                      } catch (StatusRuntimeException e) {
                        ended(e.getStatus());
                      }
                    }),
            threadName);
    reader.setDaemon(true);
    reader.start();
  }

  private void ended(io.grpc.Status status) {
    if (!context.isCancelled()) {
      failure = "the stream ended: " + status;
    }
  }

  /** Why the stream ended before {@link #close}, or null while it runs. */
  String failure() {
    return failure;
  }

  /** Ends the stream and waits for the reader: counts taken in {@code onEvent} are final after. */
  @Override
  public void close() {
    context.cancel(null);
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      if (reader != null) {
        reader.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
