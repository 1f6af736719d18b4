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
package io.argogeneric.sdk.internal;

import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A gRPC client stream with explicit demand: it reads only what the test requests. */
final class TestClient implements ClientResponseObserver<EventSource, Event> {
  final List<String> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<Status> end = new CompletableFuture<>();
  private final int initialRequest;
  private volatile ClientCallStreamObserver<EventSource> call;

  private TestClient(int initialRequest) {
    this.initialRequest = initialRequest;
  }

  static TestClient open(ManagedChannel channel, String name, String config, int initialRequest) {
    TestClient c = new TestClient(initialRequest);
    EventingGrpc.newStub(channel).startEventSource(
        EventSource.newBuilder().setName(name).setConfig(ByteString.copyFromUtf8(config)).build(), c);
    return c;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<EventSource> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(initialRequest);
  }

  void request(int n) {
    call.request(n);
  }

  void cancel() {
    call.cancel("test cancels", null);
  }

  @Override
  public void onNext(Event value) {
    received.add(value.getPayload().toStringUtf8());
  }

  @Override
  public void onError(Throwable t) {
    end.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end.complete(Status.OK);
  }

  Status awaitEnd(Duration timeout) throws Exception {
    return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void awaitReceived(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + n + " events within " + timeout + ", got " + received.size() + ": " + received);
      }
      Thread.sleep(2);
    }
  }
}
