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

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Engines served to a test, each with a channel to it; close() stops them all. Subclasses say how
 * the server listens and how the channel reaches it.
 */
abstract class ServedEngines {
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2);
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  /** The meters, engine and channel of the engine served last. */
  SimpleMeterRegistry registry;

  EventingEngine<CapturingPlugin.Config> engine;
  ManagedChannel channel;

  /** Starts a server for {@code service}. */
  abstract Server start(ServerServiceDefinition service) throws IOException;

  /** A channel to {@code server}, which {@link #start} returned just before. */
  abstract ManagedChannel connect(Server server);

  /** Stops a channel {@link #connect} made. */
  abstract void disconnect(ManagedChannel channel) throws InterruptedException;

  /**
   * Serves {@code plugin}'s engine, built with {@code options}; one served before keeps running
   * until close().
   */
  EventingEngine<CapturingPlugin.Config> serve(
      CapturingPlugin plugin, Consumer<EventingEngine.Builder<CapturingPlugin.Config>> options)
      throws IOException {
    registry = new SimpleMeterRegistry();
    EventingEngine.Builder<CapturingPlugin.Config> b =
        EventingEngine.builder(plugin)
            .executor(executor)
            .meterRegistry(registry)
            .flushTimeout(Duration.ofSeconds(1));
    options.accept(b);
    EventingEngine<CapturingPlugin.Config> e = b.build();
    Server server = start(e.serviceDefinition());
    channel = connect(server);
    ManagedChannel ch = channel;
    cleanup.add(() -> disconnect(ch));
    cleanup.add(() -> e.shutdown(Duration.ofMillis(100)));
    cleanup.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    engine = e;
    return e;
  }

  void close() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
    executor.shutdownNow();
  }
}
