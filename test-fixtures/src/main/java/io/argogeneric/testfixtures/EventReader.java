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
package io.argogeneric.testfixtures;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One StartEventSource stream read by a plain grpc-java client: it collects the payloads (UTF-8)
 * and how the stream ended. It reads freely, or, given an initial request, only as much as the test
 * asks for. Tests that handle each event themselves override {@link #onNext}. A reader from {@link
 * #connect} has a channel of its own, which {@link #close} shuts down.
 */
public class EventReader implements ClientResponseObserver<EventSource, Event>, AutoCloseable {
  /** Free reading: gRPC asks for the next event as soon as one has been handled. */
  public static final int AUTO = -1;

  public final List<String> received = new CopyOnWriteArrayList<>();
  public final CompletableFuture<Status> end = new CompletableFuture<>();
  private final int initialRequest;
  private final ManagedChannel ownChannel;
  private volatile ClientCallStreamObserver<EventSource> call;

  /**
   * @param initialRequest events to ask for before the test calls {@link #request}, or {@link
   *     #AUTO}
   */
  public EventReader(int initialRequest) {
    this(initialRequest, null);
  }

  private EventReader(int initialRequest, ManagedChannel ownChannel) {
    this.initialRequest = initialRequest;
    this.ownChannel = ownChannel;
  }

  /**
   * Opens a stream that reads freely on a plaintext channel of its own to a server started outside
   * the test (127.0.0.1:{@code port}); {@link #close} shuts the channel down.
   */
  public static EventReader connect(int port, String name, String config) {
    return connect(port, name, config, AUTO);
  }

  /** As {@link #connect(int, String, String)}, reading only {@code initialRequest} events. */
  public static EventReader connect(int port, String name, String config, int initialRequest) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    return new EventReader(initialRequest, channel)
        .start(EventingGrpc.newStub(channel), name, config);
  }

  /** Opens a stream that reads freely. */
  public static EventReader open(Channel channel, String name, String config) {
    return new EventReader(AUTO).start(EventingGrpc.newStub(channel), name, config);
  }

  /** Opens a stream that reads only {@code initialRequest} events until the test asks for more. */
  public static EventReader open(Channel channel, String name, String config, int initialRequest) {
    return new EventReader(initialRequest).start(EventingGrpc.newStub(channel), name, config);
  }

  /**
   * Starts this reader's stream on {@code stub} (which may carry call credentials or interceptors).
   */
  public <T extends EventReader> T start(
      EventingGrpc.EventingStub stub, String name, String config) {
    stub.startEventSource(
        EventSource.newBuilder().setName(name).setConfig(ByteString.copyFromUtf8(config)).build(),
        this);
    @SuppressWarnings("unchecked")
    T self = (T) this;
    return self;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<EventSource> requestStream) {
    call = requestStream;
    if (initialRequest != AUTO) {
      requestStream.disableAutoRequestWithInitial(initialRequest);
    }
  }

  public void request(int n) {
    call.request(n);
  }

  public void cancel() {
    call.cancel("test cancels", null);
  }

  @Override
  public void onNext(Event value) {
    received.add(value.getPayload().toStringUtf8());
  }

  @Override
  public final void onError(Throwable t) {
    end.complete(Status.fromThrowable(t));
  }

  @Override
  public final void onCompleted() {
    end.complete(Status.OK);
  }

  /** Shuts down the channel {@link #connect} opened; a reader on the test's channel has none. */
  @Override
  public void close() {
    if (ownChannel == null) {
      return;
    }
    ownChannel.shutdownNow();
    try {
      ownChannel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Status awaitEnd(Duration timeout) throws Exception {
    return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until {@code n} payloads have arrived; fails at once if the stream ends first. */
  public void awaitReceived(int n, Duration timeout) {
    Waits.until(
        n + " events (got " + received.size() + ")",
        timeout,
        () -> {
          if (received.size() < n && end.isDone()) {
            throw new AssertionError(
                "expected "
                    + n
                    + " events, got "
                    + received.size()
                    + "; stream ended: "
                    + end.join());
          }
          return received.size() >= n;
        });
  }
}
