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
package io.argogeneric.sdk.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client and a few waits, shared by the runtime tests. */
final class RuntimeTestSupport {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RuntimeTestSupport() {}

  static ManagedChannel plaintext(int port) {
    return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
        .build();
  }

  /**
   * One StartEventSource call, read as Argo does; {@code reading=false} never asks for a message.
   */
  static final class Stream {
    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    volatile ClientCallStreamObserver<EventSource> call;

    List<Event> await(int n, Duration timeout) throws InterruptedException {
      List<Event> got = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (got.size() < n) {
        Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError(
              "expected "
                  + n
                  + " events within "
                  + timeout
                  + ", got "
                  + got.size()
                  + (end.isDone() ? "; stream ended with " + end.join() : ""));
        }
        got.add(e);
      }
      return got;
    }

    Status awaitEnd(Duration timeout) throws Exception {
      return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void cancel() {
      call.cancel("test done", null);
    }
  }

  static Stream open(Channel channel, String name, String config, String bearer) {
    return open(channel, name, config, bearer, true);
  }

  static Stream open(Channel channel, String name, String config, String bearer, boolean reading) {
    Channel ch =
        bearer == null
            ? channel
            : ClientInterceptors.intercept(
                channel,
                new io.grpc.ClientInterceptor() {
                  @Override
                  public <Q, R> ClientCall<Q, R> interceptCall(
                      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                      @Override
                      public void start(Listener<R> listener, Metadata headers) {
                        headers.put(AUTHORIZATION, bearer);
                        super.start(listener, headers);
                      }
                    };
                  }
                });
    Stream s = new Stream();
    EventSource request =
        EventSource.newBuilder()
            .setName(name)
            .setConfig(ByteString.copyFrom(config, StandardCharsets.UTF_8))
            .build();
    EventingGrpc.newStub(ch)
        .startEventSource(
            request,
            new ClientResponseObserver<EventSource, Event>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<EventSource> call) {
                s.call = call;
                if (!reading) {
                  call.disableAutoRequestWithInitial(0);
                }
              }

              @Override
              public void onNext(Event value) {
                s.events.add(value);
              }

              @Override
              public void onError(Throwable t) {
                s.end.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                s.end.complete(Status.OK);
              }
            });
    return s;
  }

  static ServingStatus health(Channel channel) {
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } catch (StatusRuntimeException e) {
      return ServingStatus.UNKNOWN;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A JVM running {@code mainClass} on this test's class path, as an operator would start the
   * server.
   */
  static ProcessBuilder java(String mainClass, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1",
                mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  static void assertEndedWith(Stream s, Status.Code code, String descriptionPart) throws Exception {
    Status status = s.awaitEnd(Duration.ofSeconds(5));
    assertThat(status.getCode()).as("status of %s", status).isEqualTo(code);
    assertThat(status.getDescription()).contains(descriptionPart);
  }
}
