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
package io.argogeneric.samples.webhook;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of a server started outside the testkit: one stream, read freely. */
final class GrpcReader implements AutoCloseable {
  final List<String> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<Status> end = new CompletableFuture<>();
  private final ManagedChannel channel;

  GrpcReader(int port, String name, String config) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    EventingGrpc.newStub(channel).startEventSource(
        EventSource.newBuilder().setName(name).setConfig(ByteString.copyFromUtf8(config)).build(),
        new StreamObserver<Event>() {
          @Override
          public void onNext(Event e) {
            received.add(e.getPayload().toString(StandardCharsets.UTF_8));
          }

          @Override
          public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            end.complete(Status.OK);
          }
        });
  }

  void awaitReceived(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n) {
      if (System.nanoTime() > deadline || end.isDone()) {
        throw new AssertionError("expected " + n + " events within " + timeout + ", got " + received.size()
            + (end.isDone() ? "; stream ended: " + end.join() : ""));
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
