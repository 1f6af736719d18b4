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

import io.argogeneric.proto.EventingGrpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline server: {@link BaselineService} on a plain grpc-java netty server, with a bounded
 * callback pool and a timer pool sized like the SDK runtime's, so that the comparison is of the
 * stream handling, not of thread pools. Flags: {@code --port} (default 8080, 0 picks one), {@code
 * --bind} (default 0.0.0.0) and {@code --hand-off} (serve {@link HandOffBaselineService} instead);
 * it prints the port it serves on and stops on SIGTERM.
 */
public final class BaselineServer implements AutoCloseable {
  private final Server server;
  private final ExecutorService callbacks;
  private final ScheduledExecutorService timer;

  private BaselineServer(Server server, ExecutorService callbacks, ScheduledExecutorService timer) {
    this.server = server;
    this.callbacks = callbacks;
    this.timer = timer;
  }

  public static BaselineServer start(String bind, int port) throws IOException {
    return start(bind, port, false);
  }

  /** With {@code handOff}, the service is {@link HandOffBaselineService}. */
  public static BaselineServer start(String bind, int port, boolean handOff) throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService callbacks =
        Executors.newFixedThreadPool(Math.max(4, 2 * cores), daemons("baseline-callback"));
    ScheduledExecutorService timer =
        Executors.newScheduledThreadPool(Math.max(2, cores), daemons("baseline-timer"));
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(bind, port), InsecureServerCredentials.create())
            .executor(callbacks)
            .addService(
                EventingGrpc.bindService(
                    handOff ? new HandOffBaselineService() : new BaselineService(timer)))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      callbacks.shutdownNow();
      timer.shutdownNow();
      throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    return new BaselineServer(server, callbacks, timer);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    callbacks.shutdownNow();
  }

  public static void main(String[] args) throws Exception {
    int port = 8080;
    String bind = "0.0.0.0";
    boolean handOff = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (value == null && (flag.equals("--port") || flag.equals("--bind"))) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
          }
          value = args[++i];
        }
        switch (flag) {
          case "--port" -> port = Integer.parseInt(value);
          case "--bind" -> bind = value;
          case "--hand-off" -> handOff = true;
          default ->
              throw new IllegalArgumentException(
                  "unknown flag " + arg + " (known: --port, --bind, --hand-off)");
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
    BaselineServer server = start(bind, port, handOff);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "baseline-shutdown"));
    System.err.println(
        (handOff ? "hand-off baseline" : "baseline")
            + " serving gRPC on port "
            + server.port()
            + " (plaintext)");
    server.server.awaitTermination();
  }

  static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
