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
package io.argogeneric.cli;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain grpc-java Eventing server on a loopback port that plays a script and records each call.
 */
final class TestEventingServer implements AutoCloseable {

  /** One StartEventSource call as the server saw it. */
  record Call(
      String name,
      String config,
      String authorization,
      long startNanos,
      ServerCallStreamObserver<Event> stream) {}

  /** What the server does for the n-th call (0-based). */
  interface Script {
    void play(int callIndex, ServerCallStreamObserver<Event> stream);
  }

  /** Sends the payloads, then keeps the stream open. */
  static Script sendThenHold(String... payloads) {
    return (callIndex, stream) -> send(stream, payloads);
  }

  /** Sends the payloads, then ends the stream with the status (OK completes it). */
  static Script sendThenEnd(Status status, String... payloads) {
    return (callIndex, stream) -> {
      send(stream, payloads);
      if (status.isOk()) {
        stream.onCompleted();
      } else {
        stream.onError(status.asRuntimeException());
      }
    };
  }

  static void send(StreamObserver<Event> stream, String... payloads) {
    for (String payload : payloads) {
      stream.onNext(event(payload.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static Event event(byte[] payload) {
    return Event.newBuilder()
        .setName("ignored-by-argo")
        .setPayload(ByteString.copyFrom(payload))
        .build();
  }

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> AUTHORIZATION_SEEN = Context.key("authorization");

  private final Server server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private TestEventingServer(int port, ServerCredentials credentials, Script script)
      throws IOException {
    AtomicInteger index = new AtomicInteger();
    EventingGrpc.EventingImplBase service =
        new EventingGrpc.EventingImplBase() {
          @Override
          public void startEventSource(EventSource request, StreamObserver<Event> observer) {
            ServerCallStreamObserver<Event> stream = (ServerCallStreamObserver<Event>) observer;
            stream.setOnCancelHandler(() -> {});
            calls.add(
                new Call(
                    request.getName(),
                    request.getConfig().toStringUtf8(),
                    AUTHORIZATION_SEEN.get(),
                    System.nanoTime(),
                    stream));
            script.play(index.getAndIncrement(), stream);
          }
        };
    ServerInterceptor recordAuthorization =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            Context context =
                Context.current().withValue(AUTHORIZATION_SEEN, headers.get(AUTHORIZATION));
            return Contexts.interceptCall(context, call, headers, next);
          }
        };
    server =
        Grpc.newServerBuilderForPort(port, credentials)
            .addService(ServerInterceptors.intercept(service, recordAuthorization))
            .build()
            .start();
  }

  static TestEventingServer start(Script script) throws IOException {
    return start(0, script);
  }

  static TestEventingServer start(int port, Script script) throws IOException {
    return new TestEventingServer(port, InsecureServerCredentials.create(), script);
  }

  static TestEventingServer start(ServerCredentials credentials, Script script) throws IOException {
    return new TestEventingServer(0, credentials, script);
  }

  int port() {
    return server.getPort();
  }

  String url() {
    return "127.0.0.1:" + port();
  }

  List<Call> calls() {
    return calls;
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
