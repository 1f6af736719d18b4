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
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.config.ConfigException;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code generic.Eventing/StartEventSource} for one plugin: binds the config, opens a {@link
 * StreamRun} per call, and ends them all on shutdown. It never runs plugin code on a gRPC thread:
 * the service method binds, installs the handlers and returns, and the plugin starts on the SDK's
 * executor.
 */
public final class EventingEngine<C> implements EventingGrpc.AsyncService {
  private static final Logger log = LoggerFactory.getLogger(EventingEngine.class);
  static final Context.Key<String> PEER = Context.key("eventsource-peer");

  /**
   * Whether the call's transport honours the on-ready threshold, so that ready means written (a
   * network transport); the in-process transport's ready means the client asked for more instead.
   */
  static final Context.Key<Boolean> WRITES_REPORTED = Context.key("eventsource-writes-reported");

  private final EventingServer<C> plugin;
  private final ConfigBinder<C> binder;
  private final TimeSource timeSource;
  private final ScheduledExecutorService executor;
  private final EngineMetrics metrics;
  private final Duration flushTimeout;
  private final SharedResources shared = new SharedResources();
  private final Set<StreamRun<C>> runs = ConcurrentHashMap.newKeySet();

  /** Per identity: its StreamRun, or an {@link Opening} while a stream of it opens its store. */
  private final java.util.Map<String, Object> identityRuns = new java.util.HashMap<>();

  private final Positions positions;
  private final BufferBudget bufferBudget;
  private java.util.concurrent.ExecutorService storeIo; // guarded by this
  private final io.argogeneric.sdk.OutboxSettings outbox;
  private final RateLimitedLog configLog = new RateLimitedLog(log, 1, TimeUnit.MINUTES);
  private final RateLimitedLog dropLog = new RateLimitedLog(log, 10, TimeUnit.SECONDS);
  private final RateLimitedLog failureLog =
      new RateLimitedLog(LoggerFactory.getLogger(StreamRun.class), 1, TimeUnit.MINUTES);
  private volatile boolean draining;

  private EventingEngine(Builder<C> b) {
    this.plugin = b.plugin;
    this.binder = new ConfigBinder<>(plugin.configType(), b.maxConfigBytes, plugin::validate);
    this.executor = Objects.requireNonNull(b.executor, "executor");
    this.timeSource = b.timeSource != null ? b.timeSource : new SystemTimeSource(executor);
    this.metrics = new EngineMetrics(b.registry != null ? b.registry : new SimpleMeterRegistry());
    this.flushTimeout = b.flushTimeout;
    this.outbox = plugin.outbox().orElse(null);
    this.positions = new Positions(b.openStore(), this::storeIo, metrics);
    this.bufferBudget =
        new BufferBudget(
            b.maxBufferedBytesTotal > 0 ? b.maxBufferedBytesTotal : BufferBudget.defaultLimit());
    metrics.gaugeActiveStreams(this, EventingEngine::connectedStreams);
    metrics.gaugeDetachedRuns(this, EventingEngine::detachedRuns);
    metrics.gaugeBufferedEvents(this, EventingEngine::bufferedEvents);
  }

  /** Identities whose runs ended that the default memory store remembers the position of. */
  public static final int DEFAULT_MAX_ENDED_IDENTITIES = 10_000;

  public static <C> Builder<C> builder(EventingServer<C> plugin) {
    return new Builder<>(plugin);
  }

  /** How the engine is put together; the runtime and the testkit each fill it their way. */
  public static final class Builder<C> {
    private final EventingServer<C> plugin;
    private ScheduledExecutorService executor;
    private TimeSource timeSource;
    private MeterRegistry registry;
    private int maxConfigBytes = ConfigBinder.DEFAULT_MAX_BYTES;
    private Duration flushTimeout = Duration.ofSeconds(10);
    private java.nio.file.Path outboxDir;
    private StateStore store;
    private long maxBufferedBytesTotal;

    private Builder(EventingServer<C> plugin) {
      this.plugin = Objects.requireNonNull(plugin, "plugin");
    }

    /** Runs plugin starts, stop actions and (unless a time source is given) timers. Not owned. */
    public Builder<C> executor(ScheduledExecutorService executor) {
      this.executor = executor;
      return this;
    }

    public Builder<C> timeSource(TimeSource timeSource) {
      this.timeSource = timeSource;
      return this;
    }

    public Builder<C> meterRegistry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    public Builder<C> maxConfigBytes(int bytes) {
      this.maxConfigBytes = bytes;
      return this;
    }

    /** How long an ended stream may take to flush its buffer to a client that still reads. */
    public Builder<C> flushTimeout(Duration timeout) {
      this.flushTimeout = timeout;
      return this;
    }

    /**
     * Where positions and outboxes are kept ({@code --store}); owned by the engine from now on,
     * closed at shutdown. Default: in memory, up to {@link #DEFAULT_MAX_ENDED_IDENTITIES}
     * identities whose runs ended.
     */
    public Builder<C> store(StateStore store) {
      this.store = store;
      this.outboxDir = null;
      return this;
    }

    /** A file store in {@code dir} ({@code --outbox-dir}, now {@code --store DIR}); null: none. */
    public Builder<C> outboxDir(java.nio.file.Path dir) {
      this.outboxDir = dir;
      this.store = null;
      return this;
    }

    private StateStore openStore() {
      if (store != null) {
        return store;
      }
      if (outboxDir != null) {
        try {
          return new FileStateStore(outboxDir);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return new MemoryStateStore(DEFAULT_MAX_ENDED_IDENTITIES);
    }

    /**
     * The most bytes all streams may buffer together; over it, a stream that holds events applies
     * its overflow policy. 0 (the default): a quarter of the JVM's maximum heap.
     */
    public Builder<C> maxBufferedBytesTotal(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("the buffer budget must not be negative: " + bytes);
      }
      this.maxBufferedBytesTotal = bytes;
      return this;
    }

    public EventingEngine<C> build() {
      return new EventingEngine<>(this);
    }
  }

  /**
   * Loads the config and payload parsers (Jackson, snakeyaml: several hundred classes) so the first
   * stream does not wait for them. Start-up skips them to report SERVING sooner.
   */
  public void warmUp() {
    try {
      ConfigBinder.warmUp();
      new io.argogeneric.sdk
          .Emitter() { // through the API: its JSON writer is package-private there
        @Override
        public io.argogeneric.sdk.EmitResult emit(byte[] payload, Object position) {
          return null;
        }

        @Override
        public io.argogeneric.sdk.OnDemand emitOnDemand(io.argogeneric.sdk.PayloadSource source) {
          throw new UnsupportedOperationException();
        }
      }.emitJson(java.util.Map.of("warm", "up"));
    } catch (RuntimeException e) {
      log.debug("warming up the parsers failed; the first stream loads them instead", e);
    }
  }

  /** The service to add to a gRPC server, with {@code interceptors} applied to it alone. */
  public ServerServiceDefinition serviceDefinition(ServerInterceptor... interceptors) {
    List<ServerInterceptor> all = new ArrayList<>(List.of(interceptors));
    all.add(new PeerInterceptor()); // innermost: runs last, right before the call
    return ServerInterceptors.intercept(EventingGrpc.bindService(this), all);
  }

  @Override
  public void startEventSource(EventSource request, StreamObserver<Event> responseObserver) {
    ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) responseObserver;
    String name = request.getName();
    if (draining) {
      call.onError(ErrorStatus.shuttingDown().asRuntimeException());
      return;
    }
    byte[] raw = request.getConfig().toByteArray();
    String hash = configHash(raw);
    C config;
    try {
      config = binder.bind(raw);
    } catch (ConfigException e) {
      java.util.Set<String> fields = new java.util.LinkedHashSet<>(); // each field once a refusal
      for (ConfigException.Problem p : e.problems()) {
        fields.add(binder.metricField(p.path()));
      }
      fields.forEach(metrics::configError);
      configLog.warn(
          name + "|" + hash, "config refused event={} config={}: {}", name, hash, e.getMessage());
      metrics.streamEnded(Status.Code.INVALID_ARGUMENT.name());
      call.onError(ErrorStatus.badConfig(e).asRuntimeException());
      return;
    }
    String peer = PEER.get() == null ? "unknown" : PEER.get();
    boolean writesReported = Boolean.TRUE.equals(WRITES_REPORTED.get());
    if (writesReported) {
      call.setOnReadyThreshold(OutboundQueue.ON_READY_THRESHOLD);
    }
    if (outbox != null) {
      startOrResume(call, writesReported, name, config, peer, hash);
      return;
    }
    StreamRun<C> run =
        new StreamRun<>(this, call, writesReported, name, config, peer, hash, null, null);
    call.setOnCancelHandler(run::clientCancelled);
    call.setOnReadyHandler(run.queue()::drain);
    runs.add(run);
    if (draining) { // lost a race with shutdown: do not start a plugin that nobody will stop
      run.serverShutdown();
      return;
    }
    executor.execute(run::startPlugin);
  }

  /** Holds an identity's place while one of its streams opens and reads its store. */
  private static final class Opening {
    final CompletableFuture<Void> done = new CompletableFuture<>();
  }

  /**
   * Forwards a call's cancel and onReady to its run, which is known only once the identity's store
   * has been opened: gRPC wants both handlers set before the service method returns.
   */
  private static final class PendingCall<C> {
    final ServerCallStreamObserver<Event> call;
    final boolean writesReported;
    private volatile StreamRun<C> run;
    private volatile boolean cancelled;

    PendingCall(ServerCallStreamObserver<Event> call, boolean writesReported) {
      this.call = call;
      this.writesReported = writesReported;
    }

    void resolve(StreamRun<C> r) {
      run = r;
      if (cancelled) {
        r.clientLeft(
            call); // the client left while the store was opening (a second call is a no-op)
      } else {
        r.queue()
            .drain(); // an onReady that came before the run was known did nothing: restored events
        // wait
      }
    }

    void cancelled() {
      cancelled = true;
      StreamRun<C> r = run;
      if (r != null) {
        r.clientLeft(call);
      }
    }

    void ready() {
      StreamRun<C> r = run;
      if (r != null) {
        r.queue().drain();
      }
    }
  }

  /**
   * For plugins with an outbox: the run of this identity takes the call over if it is still going,
   * else a new run starts, with whatever a previous server process left in the outbox store. The
   * store is opened and read on the engine's outbox I/O threads, outside the identity lock: a slow
   * disk holds up neither a gRPC thread nor a stream of another identity; later streams of the same
   * identity queue behind the opening.
   */
  private void startOrResume(
      ServerCallStreamObserver<Event> call,
      boolean writesReported,
      String name,
      C config,
      String peer,
      String hash) {
    PendingCall<C> pending = new PendingCall<>(call, writesReported);
    call.setOnCancelHandler(pending::cancelled);
    call.setOnReadyHandler(pending::ready);
    resume(pending, name, config, peer, hash);
  }

  @SuppressWarnings("unchecked")
  private void resume(PendingCall<C> pending, String name, C config, String peer, String hash) {
    String identity = name + "/" + hash;
    StreamRun<C> found = null;
    Opening mine = null;
    Opening other = null;
    synchronized (identityRuns) {
      Object slot = identityRuns.get(identity);
      if (slot instanceof StreamRun<?> existing
          && ((StreamRun<C>) existing).takeOver(pending.call, pending.writesReported, peer)) {
        found = (StreamRun<C>) existing;
      } else if (slot instanceof Opening o) {
        other = o;
      } else {
        mine = new Opening();
        identityRuns.put(identity, mine);
      }
    }
    if (found != null) {
      pending.resolve(found);
    } else if (other != null) {
      // a stream of this identity is opening its store: try again once it has
      other.done.whenComplete((v, t) -> resume(pending, name, config, peer, hash));
    } else if (!positions.store().persistent()) {
      openRun(mine, identity, pending, name, config, peer, hash); // an outbox in memory: no I/O
    } else {
      Opening opening = mine;
      try {
        storeIo().execute(() -> openRun(opening, identity, pending, name, config, peer, hash));
      } catch (java.util.concurrent.RejectedExecutionException e) { // shut down meanwhile
        synchronized (identityRuns) {
          identityRuns.remove(identity, opening);
        }
        opening.done.complete(null);
        pending.call.onError(ErrorStatus.shuttingDown().asRuntimeException());
      }
    }
  }

  /**
   * Opens the identity's store and a run on it, outside the identity lock, and starts the plugin.
   */
  private void openRun(
      Opening opening,
      String identity,
      PendingCall<C> pending,
      String name,
      C config,
      String peer,
      String hash) {
    StreamRun<C> run = null;
    try {
      Positions.Slot slot;
      OutboxLog store = null;
      try {
        slot = positions.acquire(name, hash);
      } catch (java.io.IOException | RuntimeException e) {
        metrics.writeFailed("outbox_store");
        log.error("outbox store for event={} cannot open: {}", name, e.toString());
        pending.call.onError(ErrorStatus.storeUnavailable(e).asRuntimeException());
        return;
      }
      List<OutboxLog.Stored> stored = List.of();
      if (positions.store().persistent()) {
        try {
          store = slot.state().outbox();
          // read before the run exists: a store that cannot be read now (a NATS connection in
          // the middle of a reconnect) ends this stream UNAVAILABLE and the client's retry reads
          // it again; starting empty instead would let later delivery marks pass stored events
          if (store != null) {
            stored = store.undelivered();
          }
        } catch (java.io.IOException | RuntimeException e) {
          positions.release(slot);
          metrics.writeFailed("outbox_store");
          log.error("outbox store for event={} cannot open: {}", name, e.toString());
          pending.call.onError(ErrorStatus.storeUnavailable(e).asRuntimeException());
          return;
        }
      }
      run =
          new StreamRun<>(
              this, pending.call, pending.writesReported, name, config, peer, hash, outbox, store);
      run.attachPositions(slot, positions);
      run.restore(stored);
    } finally {
      synchronized (identityRuns) {
        if (run != null) {
          identityRuns.put(identity, run);
          runs.add(run);
        } else {
          identityRuns.remove(identity, opening);
        }
      }
      opening.done.complete(null); // streams of this identity that arrived meanwhile take over now
    }
    pending.resolve(run);
    if (draining) {
      run.serverShutdown();
    } else {
      executor.execute(run::startPlugin);
    }
  }

  /** Threads for outbox store I/O, started on first use; idle ones end after 30 s. */
  private synchronized java.util.concurrent.ExecutorService storeIo() {
    if (storeIo == null) {
      java.util.concurrent.ThreadPoolExecutor pool =
          new java.util.concurrent.ThreadPoolExecutor(
              2,
              2,
              30,
              TimeUnit.SECONDS,
              new java.util.concurrent.LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "outbox-io");
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      storeIo = pool;
    }
    return storeIo;
  }

  /**
   * Ends every stream for a shutdown: refuses new ones, runs each plugin's stop actions, lets
   * buffered events flush while clients read for up to {@code grace}, then ends what is left with
   * {@code UNAVAILABLE}. Returns once every stream is closed; closes shared resources last.
   */
  public void shutdown(Duration grace) {
    draining = true;
    List<StreamRun<C>> open = new ArrayList<>(runs);
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (StreamRun<C> run : open) {
      done.add(run.queue().closed());
      done.add(run.stopped());
      run.serverShutdown();
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    try {
      all.get(grace.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "shutdown grace of {} over: ending {} streams that still hold events",
          grace,
          open.size());
      open.forEach(StreamRun::forceClose);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      open.forEach(StreamRun::forceClose);
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("shutdown: a stream failed to close", e);
    }
    java.util.concurrent.ExecutorService io;
    synchronized (this) {
      io = storeIo;
      if (io != null) {
        io.shutdown();
      }
    }
    if (io != null) {
      try {
        // positions and outbox marks being written; a stuck disk must not hold shutdown for ever
        if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
          log.warn("shutdown: store writes still under way after 10s; going on");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    positions.closeAll(); // the newest position of every identity, then the store
    shared.close();
  }

  public boolean isDraining() {
    return draining;
  }

  /** Plugin runs going now: streams with a client, and outbox runs waiting for one. */
  public int activeStreams() {
    return runs.size();
  }

  /** Streams open now with a client connected ({@code eventsource.streams.active}). */
  public int connectedStreams() {
    return countRuns(true);
  }

  /** Outbox runs whose client went away, waiting for the next stream of their identity. */
  public int detachedRuns() {
    return countRuns(false);
  }

  private int countRuns(boolean attached) {
    int n = 0;
    for (StreamRun<C> run : runs) {
      if (run.isAttached() == attached) {
        n++;
      }
    }
    return n;
  }

  /** Timer tasks planned by open streams and not yet run or cancelled. */
  public int pendingTasks() {
    int n = 0;
    for (StreamRun<C> run : runs) {
      n += run.pendingTasks();
    }
    return n;
  }

  /** Events buffered in all open streams. */
  public long bufferedEvents() {
    long n = 0;
    for (StreamRun<C> run : runs) {
      n += run.queue().bufferedEvents();
    }
    return n;
  }

  /** Bytes buffered in all open streams. */
  public long bufferedBytes() {
    long n = 0;
    for (StreamRun<C> run : runs) {
      n += run.queue().bufferedBytes();
    }
    return n;
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  EventingServer<C> plugin() {
    return plugin;
  }

  TimeSource timeSource() {
    return timeSource;
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  Duration flushTimeout() {
    return flushTimeout;
  }

  SharedResources sharedResources() {
    return shared;
  }

  Positions positions() {
    return positions;
  }

  BufferBudget bufferBudget() {
    return bufferBudget;
  }

  RateLimitedLog dropLog() {
    return dropLog;
  }

  /** Plugin failures: a client's config can make a plugin throw on every retry. */
  RateLimitedLog failureLog() {
    return failureLog;
  }

  void runEnded(StreamRun<C> run, String outcome) {
    synchronized (identityRuns) {
      identityRuns.remove(run.identity(), run);
    }
    if (runs.remove(run)) {
      metrics.streamEnded(outcome);
    }
  }

  static String configHash(byte[] raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts the client's address in the call's context, for logs and per-peer limits. */
  private static final class PeerInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      SocketAddress addr = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      String peer = addr == null ? "unknown" : addr.toString();
      boolean writesReported =
          addr != null && !addr.getClass().getName().startsWith("io.grpc.inprocess.");
      return Contexts.interceptCall(
          Context.current().withValue(PEER, peer).withValue(WRITES_REPORTED, writesReported),
          call,
          headers,
          next);
    }
  }
}
