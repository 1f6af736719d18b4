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
package io.argogeneric.testkit;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.GoDuration;
import io.argogeneric.sdk.config.TokenFile;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.runtime.AuthInterceptor;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one plugin for each test the way a server built on the SDK runs it, and plays Argo's client
 * against it. Register it as an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final EventSourceExtension es = EventSourceExtension.of(TickerServer::new).withVirtualTime(START);
 * }</pre>
 *
 * <p>Before each test a fresh plugin from the supplier is hosted on an {@code EventingEngine}
 * behind an in-process gRPC server, or behind a real Netty server on {@code 127.0.0.1} with {@link
 * #overLoopback()}. After each test every stream, channel, server and executor is closed.
 *
 * <p>On the in-process transport with virtual time, delivery is synchronous: an event emitted by a
 * task that {@link VirtualTime#advance} runs is in the stream's {@link TestStream#received()} when
 * {@code advance} returns (unless the stream is paused).
 *
 * @since 0.1.0
 */
public final class EventSourceExtension implements BeforeEachCallback, AfterEachCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  // grpc-go, Argo's client, starts each connection with a 64 KiB receive window
  private static final int ARGO_INITIAL_WINDOW = 64 * 1024;
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();
  // tags each call, so the kit can tell when the server is done with one (see CallTracker)
  private static final Metadata.Key<String> CALL_ID =
      Metadata.Key.of("testkit-call-id", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<? extends EventingServer<?>> factory;
  private boolean loopback;
  private Instant virtualStart;
  private String authToken;

  // per test
  private VirtualTime time;
  private TrackedPlugin<?> tracked;
  private EventingEngine<?> engine;
  private Server server;
  private String inProcessName;
  private ScheduledExecutorService engineExecutor;
  private ExecutorService grpcExecutor;
  private Path tokenFile;
  private final List<TestStream> streams = new ArrayList<>();
  private final Set<String> callsHandled = ConcurrentHashMap.newKeySet();
  private final Set<String> callsClosed = ConcurrentHashMap.newKeySet();
  private final Set<String> callsEndedByServer = ConcurrentHashMap.newKeySet();
  private final AtomicLong callIds = new AtomicLong();

  private EventSourceExtension(Supplier<? extends EventingServer<?>> factory) {
    this.factory = Objects.requireNonNull(factory, "plugin supplier");
  }

  /** An extension that hosts a fresh plugin from {@code plugin} for each test. */
  public static EventSourceExtension of(Supplier<? extends EventingServer<?>> plugin) {
    return new EventSourceExtension(plugin);
  }

  /** Serves over a real socket (Netty on 127.0.0.1, a free port) instead of in-process. */
  public EventSourceExtension overLoopback() {
    checkNotStarted();
    this.loopback = true;
    return this;
  }

  /**
   * Runs every stream's scheduler and clock on a {@link VirtualTime} that starts at {@code start}.
   */
  public EventSourceExtension withVirtualTime(Instant start) {
    checkNotStarted();
    this.virtualStart = Objects.requireNonNull(start, "start");
    return this;
  }

  /**
   * Makes the server refuse calls without {@code authorization: Bearer <token>}, as the runtime's
   * --auth-token-file does.
   */
  public EventSourceExtension withAuthToken(String token) {
    checkNotStarted();
    this.authToken = Objects.requireNonNull(token, "token");
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stop();
  }

  // ---- lifecycle ----

  void start() throws IOException {
    if (engine != null) {
      throw new IllegalStateException("this EventSourceExtension is already running a test");
    }
    time = virtualStart == null ? null : VirtualTime.startingAt(virtualStart);
    engineExecutor = Executors.newScheduledThreadPool(2, daemonThreads("testkit-engine"));
    tracked =
        TrackedPlugin.wrap(
            Objects.requireNonNull(factory.get(), "the plugin supplier returned null"));
    EventingEngine<?> built =
        EventingEngine.builder(tracked)
            .executor(engineExecutor)
            .timeSource(time == null ? null : time.asTimeSource())
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    engine = built;
    List<ServerInterceptor> interceptors = new ArrayList<>();
    if (authToken != null) {
      tokenFile = Files.createTempFile("testkit-token", ".txt");
      Files.writeString(tokenFile, authToken + "\n", StandardCharsets.UTF_8);
      interceptors.add(new AuthInterceptor(new TokenFile(tokenFile), built.metrics()));
    }
    // last in the list runs first: it also sees the calls that the auth check refuses
    interceptors.add(new CallTracker(callsHandled, callsClosed, callsEndedByServer));
    ServerServiceDefinition service =
        built.serviceDefinition(interceptors.toArray(ServerInterceptor[]::new));
    if (loopback) {
      grpcExecutor = Executors.newFixedThreadPool(4, daemonThreads("testkit-grpc"));
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .executor(grpcExecutor)
              .addService(service)
              .build()
              .start();
    } else {
      inProcessName = "testkit-" + SERVER_IDS.incrementAndGet();
      // direct executors: an event emitted on the test's thread reaches the client on that thread
      server =
          InProcessServerBuilder.forName(inProcessName)
              .directExecutor()
              .addService(service)
              .build()
              .start();
    }
  }

  void stop() {
    try {
      synchronized (streams) {
        for (TestStream s : streams) {
          s.cancelQuietly();
        }
      }
      if (engine != null) {
        engine.shutdown(Duration.ofMillis(200));
      }
      if (server != null) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
      synchronized (streams) {
        for (TestStream s : streams) {
          s.releaseChannel();
        }
        streams.clear();
      }
      callsHandled.clear();
      callsClosed.clear();
      callsEndedByServer.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (engineExecutor != null) {
        engineExecutor.shutdownNow();
      }
      if (grpcExecutor != null) {
        grpcExecutor.shutdownNow();
      }
      if (tokenFile != null) {
        try {
          Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      engine = null;
      server = null;
      tracked = null;
      time = null;
      engineExecutor = null;
      grpcExecutor = null;
      tokenFile = null;
    }
  }

  // ---- what a test uses ----

  /** The virtual time of this test. */
  public VirtualTime time() {
    checkStarted();
    if (time == null) {
      throw new IllegalStateException(
          "no virtual time: build the extension with withVirtualTime(start)");
    }
    return time;
  }

  /** The plugin instance this test's server runs (the one the supplier gave). */
  public EventingServer<?> plugin() {
    checkStarted();
    return tracked.delegate();
  }

  /** The plugin instance this test's server runs, as its own class. */
  public <P extends EventingServer<?>> P plugin(Class<P> type) {
    return type.cast(plugin());
  }

  /** The port of the loopback server. */
  public int port() {
    checkStarted();
    if (!loopback) {
      throw new IllegalStateException(
          "no port: the server is in-process; build the extension with overLoopback()");
    }
    return server.getPort();
  }

  /**
   * Opens a stream as Argo does, {@code StartEventSource(name, config)}, and returns once the
   * plugin's {@code start} has returned for it, or it took over a running outbox run, or the server
   * has ended it (a bad config, say), so that the plugin's timers are in place before a test
   * advances time. On virtual time it then runs the tasks due at the current instant (a timer with
   * no initial delay), on the calling thread.
   */
  public TestStream open(String eventName, String config) {
    return open(eventName, config, null, false);
  }

  /** Like {@link #open(String, String)}, sending {@code authorization: Bearer <bearerToken>}. */
  public TestStream open(String eventName, String config, String bearerToken) {
    return open(eventName, config, bearerToken, false);
  }

  /**
   * Like {@link #open(String, String)}, but the stream asks for no message until {@link
   * TestStream#request} or {@link TestStream#resume}.
   */
  public TestStream openPaused(String eventName, String config) {
    return open(eventName, config, null, true);
  }

  /**
   * Like {@link #openPaused(String, String)}, sending {@code authorization: Bearer <bearerToken>}.
   */
  public TestStream openPaused(String eventName, String config, String bearerToken) {
    return open(eventName, config, bearerToken, true);
  }

  private TestStream open(String eventName, String config, String bearerToken, boolean paused) {
    checkStarted();
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(config, "config");
    ManagedChannel channel =
        loopback
            ? NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .initialFlowControlWindow(ARGO_INITIAL_WINDOW)
                .executor(grpcExecutor)
                .build()
            : InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
    String callId = Long.toString(callIds.incrementAndGet());
    TestStream stream =
        new TestStream(
            eventName,
            channel,
            paused,
            time,
            callId,
            () -> reopen(eventName, config, bearerToken, callId));
    synchronized (streams) {
      streams.add(stream);
    }
    Metadata headers = new Metadata();
    headers.put(CALL_ID, callId);
    if (bearerToken != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + bearerToken);
    }
    EventingGrpc.EventingStub stub =
        EventingGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    int createdBefore = tracked.runsCreated();
    int startsBefore = tracked.startsReturned();
    EventSource request =
        EventSource.newBuilder()
            .setName(eventName)
            .setConfig(ByteString.copyFromUtf8(config))
            .build();
    stub.startEventSource(request, stream.observer());
    awaitCondition(
        "the plugin's start to return for stream '" + eventName + "' (or the stream to end)",
        START_TIMEOUT,
        () ->
            !stream.isOpen()
                || tracked.startsReturned() > startsBefore
                // a stream that takes over an outbox run starts none: the engine is done with it
                // once its service method has returned without creating a run; a call the server
                // ended there (a refused config) is done when the client has seen the end
                || (callsHandled.contains(callId)
                    && tracked.runsCreated() == createdBefore
                    && !callsEndedByServer.contains(callId)));
    if (time != null) {
      // what the plugin scheduled for now runs now, as on a real clock:
      // scheduleAtFixedRate(ZERO,..)
      time.advance(Duration.ZERO);
    }
    return stream;
  }

  /** For {@link TestStream#reconnect()}: once the server is done with the old call, dials again. */
  private TestStream reopen(String eventName, String config, String bearerToken, String callId) {
    awaitServerClosed(callId, eventName);
    return open(eventName, config, bearerToken, false);
  }

  /**
   * Waits until the server has handled the end of {@code stream}'s call (the client's cancel has
   * reached the engine, or the server closed the call).
   */
  void awaitServerClosed(TestStream stream) {
    awaitServerClosed(stream.callId(), stream.eventName());
  }

  private void awaitServerClosed(String callId, String eventName) {
    awaitCondition(
        "the server to notice that stream '" + eventName + "' (call " + callId + ") ended",
        START_TIMEOUT,
        () -> callsClosed.contains(callId));
  }

  /** Streams the engine has open now. */
  public int activeStreams() {
    return engine().activeStreams();
  }

  /** Timer tasks that open streams have scheduled and that have not yet run or been cancelled. */
  public int pendingTasks() {
    return engine().pendingTasks();
  }

  /** Events buffered in all streams and not yet handed to gRPC. */
  public long bufferedEvents() {
    return engine().bufferedEvents();
  }

  /** Payload bytes buffered in all streams and not yet handed to gRPC. */
  public long bufferedBytes() {
    return engine().bufferedBytes();
  }

  /**
   * Plugin runs started so far in this test (each stream that got past config binding and auth).
   */
  public int pluginRunsStarted() {
    checkStarted();
    return tracked.runsStarted();
  }

  /** Plugin runs whose stop actions have all run. */
  public int pluginRunsStopped() {
    checkStarted();
    return tracked.runsStopped();
  }

  /**
   * Emit calls a plugin made on a run after that run had stopped (the SDK refused each); a correct
   * plugin makes none.
   */
  public int emitsAfterStop() {
    checkStarted();
    return tracked.emitsAfterStop();
  }

  /**
   * The summed value of the counters named {@code meterName} with the given tags (key, value, ...),
   * 0 when there is none. Names are the SDK's, e.g. {@code eventsource.events.dropped}.
   */
  public double counter(String meterName, String... tags) {
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException("tags must be key, value pairs: " + List.of(tags));
    }
    return engine().metrics().registry().find(meterName).tags(tags).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /**
   * Polls {@code condition} until it holds; fails with {@code what} if it does not within {@code
   * timeout}.
   */
  public void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        Assertions.fail("timed out after " + GoDuration.format(timeout) + " waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what);
      }
    }
  }

  // ---- for the contract test ----

  /**
   * Stops the server as SIGTERM does: refuses new streams, stops every plugin run, flushes for up
   * to {@code grace} while clients read, then ends the streams with {@code UNAVAILABLE}.
   */
  void shutDownServer(Duration grace) {
    engine().shutdown(grace);
  }

  /** The plugin's own outbox, asked of the plugin itself: a wrapper that hid it would show. */
  java.util.Optional<io.argogeneric.sdk.OutboxSettings> pluginOutbox() {
    return tracked().delegate().outbox();
  }

  TrackedPlugin<?> tracked() {
    checkStarted();
    return tracked;
  }

  StreamSettings streamSettings() {
    return tracked().settings();
  }

  boolean hasVirtualTime() {
    return virtualStart != null;
  }

  boolean isLoopback() {
    return loopback;
  }

  private EventingEngine<?> engine() {
    checkStarted();
    return engine;
  }

  private void checkStarted() {
    if (engine == null) {
      throw new IllegalStateException(
          "the extension is not running: register it with @RegisterExtension on an instance field and use it inside a test");
    }
  }

  private void checkNotStarted() {
    if (engine != null) {
      throw new IllegalStateException("configure the extension before the test starts");
    }
  }

  /**
   * Records each call whose request the engine has handled (its {@code startEventSource} runs
   * inside {@code onHalfClose}) and each call the server is done with, after the engine has handled
   * its end (the engine's cancel handler runs inside {@code onCancel}), so a test can wait for
   * these instead of sleeping. Holds only this test's call ids; cleared after each test.
   */
  private static final class CallTracker implements ServerInterceptor {
    private final Set<String> handled;
    private final Set<String> closed;
    private final Set<String> endedByServer;

    CallTracker(Set<String> handled, Set<String> closed, Set<String> endedByServer) {
      this.handled = handled;
      this.closed = closed;
      this.endedByServer = endedByServer;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String id = headers.get(CALL_ID);
      if (id == null) {
        return next.startCall(call, headers);
      }
      ServerCall<Q, R> tracked =
          new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(io.grpc.Status status, Metadata trailers) {
              endedByServer.add(id); // before the handler returns: open() then waits for the end
              super.close(status, trailers);
            }
          };
      ServerCall.Listener<Q> listener = next.startCall(tracked, headers);
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
        @Override
        public void onHalfClose() {
          try {
            super.onHalfClose(); // runs the engine's startEventSource
          } finally {
            handled.add(id);
          }
        }

        @Override
        public void onCancel() {
          try {
            super.onCancel();
          } finally {
            closed.add(id);
          }
        }

        @Override
        public void onComplete() {
          try {
            super.onComplete();
          } finally {
            closed.add(id);
          }
        }
      };
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
