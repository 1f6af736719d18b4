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

import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.config.TokenFile;
import io.argogeneric.sdk.internal.EngineMetrics;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.StateStores;
import io.argogeneric.sdk.internal.tooling.ConfigTools;
import io.argogeneric.sdk.internal.tooling.ToolOptions;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Starts an {@link EventingServer} as a production gRPC server, from flags. */
public final class ServerLauncher {
  private static final Logger log = LoggerFactory.getLogger(ServerLauncher.class);

  /**
   * System property: serve, warm up, then shut down as on SIGTERM (exit 0); the container image's
   * build runs the jar so once to write its class-data archive (docs/deploy/Dockerfile).
   */
  static final String TRAINING_RUN = "argogeneric.trainingRun";

  private ServerLauncher() {}

  /** The engine behind a server this class started; for the SDK's own tests and tools. */
  public static EventingEngine<?> engineOf(RunningServer server) {
    return ((Handle) server).engine();
  }

  /** What {@code --help} prints for {@code plugin}'s server. */
  public static String usageMessage(EventingServer<?> plugin) {
    return commandLine(plugin, new ServerOptions(), new ToolOptions()).getUsageMessage();
  }

  static CommandLine commandLine(
      EventingServer<?> plugin, ServerOptions options, ToolOptions tools) {
    CommandSpec spec =
        CommandSpec.create().name(commandName(plugin)).mixinStandardHelpOptions(true);
    spec.addMixin("server", CommandSpec.forAnnotatedObject(options));
    spec.addMixin("tools", CommandSpec.forAnnotatedObject(tools));
    CommandSpec own = CommandSpec.forAnnotatedObjectLenient(plugin);
    if (!own.options().isEmpty()) {
      spec.addMixin("plugin", own);
    }
    spec.usageMessage()
        .description(
            "Serves Argo Events' generic eventsource gRPC contract for "
                + plugin.getClass().getSimpleName()
                + ".",
            "Every flag can also be set through the environment variable its description names.");
    CommandLine cl = new CommandLine(spec);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  private static String commandName(EventingServer<?> plugin) {
    return "java -jar "
        + ConfigTools.serverName(plugin)
        + ".jar"; // the name --print-eventsource uses
  }

  /**
   * Parses {@code args} into {@code options}; returns false (after printing) for --help/--version.
   */
  static boolean parse(
      EventingServer<?> plugin,
      ServerOptions options,
      ToolOptions tools,
      String[] args,
      PrintWriter out) {
    CommandLine cl = commandLine(plugin, options, tools);
    CommandLine.ParseResult result;
    try {
      result = cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (result.isUsageHelpRequested()) {
      cl.usage(out);
      out.flush();
      return false;
    }
    if (result.isVersionHelpRequested()) {
      out.println(plugin.getClass().getSimpleName());
      out.flush();
      return false;
    }
    options.validate();
    return true;
  }

  /** Serves until SIGTERM/SIGINT; returns the exit code: 0 clean, 2 bad flag, 1 could not start. */
  public static int runUntilShutdown(EventingServer<?> plugin, String[] args) {
    LogSetup.quietUntilApplied();
    StartupWarmer.startInBackground();
    ServerOptions options = new ServerOptions();
    ToolOptions tools = new ToolOptions();
    try {
      if (!parse(
          plugin,
          options,
          tools,
          args,
          new PrintWriter(
              new java.io.OutputStreamWriter(System.out, java.nio.charset.Charset.defaultCharset()),
              true))) {
        return 0;
      }
    } catch (IllegalArgumentException e) {
      System.err.println(
          "error: " + e.getMessage().replaceAll("\\s+", " ").trim() + " (see --help)");
      return 2;
    }
    tools.maxConfigBytes = options.maxConfigBytes;
    Integer toolExit = ConfigTools.runIfRequested(plugin, tools, System.out, System.err);
    if (toolExit != null) {
      return toolExit;
    }
    LogSetup.apply(options.logFormat);
    FatalErrors.exitOnFatalErrors();
    Handle server;
    try {
      server = start(plugin, options);
    } catch (Exception e) {
      log.error("server could not start: {}", e.toString(), e);
      return 1;
    }
    CountDownLatch signalled = new CountDownLatch(1);
    Signals.onTermination(signalled::countDown);
    if (Boolean.getBoolean(TRAINING_RUN)) {
      // the image build's class-data training run: serve one call (without it the first call's
      // 650 classes, HTTP/2 and gRPC's call path, load from the jar at every start: 0.3 s), load
      // what a first stream needs, drain as on SIGTERM; the cache written at exit holds them all
      callOwnHealthService(server.port());
      server.engine().warmUp();
      log.info("{}: warmed up, shutting down", TRAINING_RUN);
      signalled.countDown();
    }
    try {
      signalled.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info(
        "termination signal: draining for up to {}",
        options.shutdownGrace.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    server.shutdown(options.shutdownGrace);
    log.info("shut down cleanly");
    return 0;
  }

  private static void callOwnHealthService(int port) {
    // raw bytes, not a gRPC client: the cache written at exit would store a client's classes too,
    // and every start of the image would map them for nothing (RawHealthCheck)
    try {
      if (!RawHealthCheck.isServing(new InetSocketAddress("127.0.0.1", port), 10_000)) {
        log.warn("{}: the own health service did not answer SERVING", TRAINING_RUN);
      }
    } catch (IOException e) {
      log.warn("{}: calling the own health service failed: {}", TRAINING_RUN, e.toString());
    }
  }

  /** Starts in this JVM without touching signals. */
  public static RunningServer launch(EventingServer<?> plugin, String[] args) throws IOException {
    ServerOptions options = new ServerOptions();
    ToolOptions tools = new ToolOptions();
    if (!parse(
        plugin,
        options,
        tools,
        args,
        new PrintWriter(
            new java.io.OutputStreamWriter(System.out, java.nio.charset.Charset.defaultCharset()),
            true))) {
      throw new IllegalArgumentException("--help and --version do not start a server");
    }
    if (tools.anyRequested()) {
      throw new IllegalArgumentException(
          "--print-config-schema, --print-eventsource and --check-config do not start a server");
    }
    return start(plugin, options);
  }

  static Handle start(EventingServer<?> plugin, ServerOptions o) throws IOException {
    Opened opened = new Opened();
    try {
      return start(plugin, o, opened);
    } catch (Throwable e) {
      opened.closeAll(e); // an embedder that gets this exception must be left no port and no thread
      throw e;
    }
  }

  private static Handle start(EventingServer<?> plugin, ServerOptions o, Opened opened)
      throws IOException {
    long t0 = System.nanoTime();
    int cores = Runtime.getRuntime().availableProcessors();
    ScheduledThreadPoolExecutor workers =
        new ScheduledThreadPoolExecutor(Math.max(2, cores), threads("eventsource-worker"));
    workers.setRemoveOnCancelPolicy(true); // cancelled timers of ended streams must not linger
    ThreadPoolExecutor grpcCallbacks =
        new ThreadPoolExecutor(
            Math.max(4, 2 * cores),
            Math.max(4, 2 * cores),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            threads("grpc-callback"));
    grpcCallbacks.allowCoreThreadTimeOut(true); // an idle server keeps no callback threads
    // StartEventSource binds its config on grpcCallbacks; everything else (health checks,
    // reflection,
    // and grpc's first look at every call) runs here, so a probe never queues behind config
    // binding:
    // with one shared pool, 16 clients looping a 600 KB config made health checks miss a 2 s
    // deadline
    ThreadPoolExecutor control =
        new ThreadPoolExecutor(
            2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("grpc-control"));
    control.allowCoreThreadTimeOut(true);
    opened.add(workers::shutdownNow);
    opened.add(grpcCallbacks::shutdownNow);
    List<Closeable> closeables = new ArrayList<>();
    closeables.add(control::shutdownNow);
    opened.add(() -> closeAll(closeables));
    // metrics leave the process only through the admin port: without one, skip the Prometheus
    // registry and the JVM binders (a few hundred classes, a tenth of a second of start-up)
    PrometheusMeterRegistry prometheus = null;
    io.micrometer.core.instrument.MeterRegistry registry;
    if (o.adminPort >= 0) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      registry = prometheus; // the JVM's own meters are bound once the server is SERVING
    } else {
      registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }

    io.argogeneric.sdk.store.StateStore store;
    try {
      store = StateStores.open(o.storeSpec(), o.memoryStoreMaxIdentities);
    } catch (IOException e) {
      throw new IOException("--store " + o.storeSpec() + ": " + e.getMessage(), e);
    }
    EventingEngine<?> engine =
        EventingEngine.builder(plugin)
            .executor(workers)
            .meterRegistry(registry)
            .maxConfigBytes(o.maxConfigBytes)
            .flushTimeout(o.shutdownGrace)
            .store(store)
            .maxBufferedBytesTotal(o.maxBufferedBytesTotal)
            .build();
    opened.add(() -> engine.shutdown(Duration.ZERO));

    io.micrometer.core.instrument.Gauge.builder(
            EngineMetrics.PREFIX + ".buffer.bytes", engine, EventingEngine::bufferedBytes)
        .baseUnit("bytes")
        .description("Serialized bytes buffered in all streams, not yet handed to gRPC")
        .register(registry);
    ServerCredentials credentials = credentials(o, workers, closeables);
    List<ServerInterceptor> interceptors = new ArrayList<>();
    if (o.authTokenFile != null) {
      TokenFile tokens = new TokenFile(o.authTokenFile);
      tokens
          .hasTokens(); // read it now: a file without a token is logged at start, not at the first
      // call
      interceptors.add(new AuthInterceptor(tokens, engine.metrics()));
    }
    interceptors.add(
        new StreamLimitInterceptor(o.maxStreams, o.maxStreamsPerPeer, engine.metrics()));

    HealthStatusManager health = new HealthStatusManager();
    Server grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(o.bind, o.port), credentials)
            .executor(control)
            .callExecutor(
                new io.grpc.ServerCallExecutorSupplier() {
                  @Override
                  public <Q, R> java.util.concurrent.Executor getExecutor(
                      io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers) {
                    // null: stay on the control executor
                    return EventingGrpc.SERVICE_NAME.equals(
                            call.getMethodDescriptor().getServiceName())
                        ? grpcCallbacks
                        : null;
                  }
                })
            .keepAliveTime(o.keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(o.keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .permitKeepAliveTime(5, TimeUnit.MINUTES)
            .maxInboundMessageSize(o.maxConfigBytes + 1024) // name and framing on top of the config
            .addService(engine.serviceDefinition(interceptors.toArray(ServerInterceptor[]::new)))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .addService(legacyReflection())
            .build();
    try {
      grpc.start();
    } catch (IOException e) {
      throw new IOException("cannot listen on " + o.bind + ":" + o.port + ": " + e.getMessage(), e);
    }
    opened.add(
        () -> {
          grpc.shutdownNow();
          grpc.awaitTermination(5, TimeUnit.SECONDS); // the port is free when start() throws
        });
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(EventingGrpc.SERVICE_NAME, ServingStatus.SERVING);
    // a second after SERVING: run alongside the first health checks it would slow them by a
    // sixth; a stream that comes sooner loads the parsers itself
    workers.schedule(engine::warmUp, 1, TimeUnit.SECONDS);

    Handle handle =
        new Handle(grpc, engine, health, workers, grpcCallbacks, closeables, o.shutdownGrace);
    if (prometheus != null) {
      // after SERVING: the binders start JMX and load a few hundred classes (docs/performance.md,
      // "Container image"); the first health checks run on gRPC's threads meanwhile. Before the
      // admin port opens, so every scrape has them.
      new JvmMemoryMetrics().bindTo(prometheus);
      new JvmThreadMetrics().bindTo(prometheus);
      new ProcessorMetrics().bindTo(prometheus);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(prometheus);
      closeables.add(gc::close);
      AdminServer admin = adminServer(o, prometheus, handle);
      opened.add(admin::close);
      handle.admin = admin;
    }
    log.info(
        "eventsource {} serving gRPC on port {}{}{}{} (started in {} ms)",
        plugin.getClass().getSimpleName(),
        grpc.getPort(),
        o.tlsCert == null ? " (plaintext)" : (o.tlsClientCa == null ? " (TLS)" : " (mTLS)"),
        handle.admin == null ? "" : ", admin HTTP on port " + handle.admin.port(),
        store.persistent() ? ", store " + store : "",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return handle;
  }

  private static AdminServer adminServer(
      ServerOptions o, PrometheusMeterRegistry registry, Handle handle) throws IOException {
    try {
      return new AdminServer(o.bind, o.adminPort, registry, handle::isReady);
    } catch (IOException e) {
      throw new IOException(
          "cannot listen on admin port " + o.bind + ":" + o.adminPort + ": " + e.getMessage(), e);
    }
  }

  private static void closeAll(List<Closeable> closeables) throws IOException {
    IOException first = null;
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** What a start has opened so far, closed newest first if a later step fails. */
  private static final class Opened {
    private final List<AutoCloseable> undo = new ArrayList<>();

    void add(AutoCloseable closer) {
      undo.add(closer);
    }

    void closeAll(Throwable failure) {
      for (int i = undo.size() - 1; i >= 0; i--) {
        try {
          undo.get(i).close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure.addSuppressed(e);
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  @SuppressWarnings("deprecation") // v1alpha is still the only reflection some tools speak
  private static io.grpc.BindableService legacyReflection() {
    return ProtoReflectionService.newInstance();
  }

  private static ServerCredentials credentials(
      ServerOptions o, ScheduledThreadPoolExecutor timer, List<Closeable> closeables)
      throws IOException {
    if (o.tlsCert == null) {
      return InsecureServerCredentials.create();
    }
    try {
      AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
      // re-read every minute (grpc's minimum): a renewed certificate takes effect without a restart
      closeables.add(
          keys.updateIdentityCredentials(
              o.tlsCert.toFile(), o.tlsKey.toFile(), 1, TimeUnit.MINUTES, timer));
      TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(keys);
      if (o.tlsClientCa != null) {
        AdvancedTlsX509TrustManager trust =
            AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(
                    AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
        closeables.add(
            trust.updateTrustCredentials(o.tlsClientCa.toFile(), 1, TimeUnit.MINUTES, timer));
        tls.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      return tls.build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot load TLS files: " + e.getMessage(), e);
    }
  }

  static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A running server and what it owns, shut down in the order grpc-java's maintainers give. */
  static final class Handle extends RunningServer {
    private final Server grpc;
    private final EventingEngine<?> engine;
    private final HealthStatusManager health;
    private final ScheduledThreadPoolExecutor workers;
    private final ExecutorService grpcCallbacks;
    private final List<Closeable> closeables;
    private final Duration defaultGrace;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean ready = true;
    AdminServer admin;

    Handle(
        Server grpc,
        EventingEngine<?> engine,
        HealthStatusManager health,
        ScheduledThreadPoolExecutor workers,
        ExecutorService grpcCallbacks,
        List<Closeable> closeables,
        Duration defaultGrace) {
      this.grpc = grpc;
      this.engine = engine;
      this.health = health;
      this.workers = workers;
      this.grpcCallbacks = grpcCallbacks;
      this.closeables = closeables;
      this.defaultGrace = defaultGrace;
    }

    boolean isReady() {
      return ready;
    }

    EventingEngine<?> engine() {
      return engine;
    }

    @Override
    public int port() {
      return grpc.getPort();
    }

    @Override
    public int adminPort() {
      return admin == null ? -1 : admin.port();
    }

    @Override
    public void shutdown(Duration grace) {
      if (!shutdownStarted.compareAndSet(false, true)) {
        try {
          awaitTermination();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      try {
        ready = false;
        health.enterTerminalState();
        grpc.shutdown(); // no new calls; open streams go on
        engine.shutdown(grace); // stop plugins, flush, end streams with UNAVAILABLE
        if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
          grpc.shutdownNow();
          grpc.awaitTermination(1, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        grpc.shutdownNow();
      } finally {
        for (Closeable c : closeables) {
          try {
            c.close();
          } catch (IOException e) {
            log.warn("closing {} failed", c, e);
          }
        }
        if (admin != null) {
          admin.close();
        }
        workers.shutdownNow();
        grpcCallbacks.shutdownNow();
        terminated.countDown();
      }
    }

    @Override
    public void awaitTermination() throws InterruptedException {
      terminated.await();
    }

    @Override
    public void close() {
      shutdown(defaultGrace);
    }
  }
}
