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
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Loads the gRPC server's classes on a second thread while the main thread parses flags and sets up
 * logging. Loading classes is most of a server's start-up and is single-threaded unless asked; on
 * two cores the halves overlap. Nothing built here is kept: the main thread builds its own objects
 * and finds their classes ready.
 */
final class StartupWarmer {
  private StartupWarmer() {}

  static void startInBackground() {
    Thread t = new Thread(StartupWarmer::warm, "startup-warmer");
    t.setDaemon(true);
    t.start();
  }

  private static void warm() {
    try {
      Epoll.isAvailable(); // loads the native transport
      NettyServerBuilder.forPort(0)
          .addService(new HealthStatusManager().getHealthService())
          .addService(ProtoReflectionServiceV1.newInstance())
          .addService(EventingGrpc.bindService(new EventingGrpc.AsyncService() {}))
          .build(); // never started: no port, no threads
      new SimpleMeterRegistry().close();
    } catch (RuntimeException | LinkageError e) {
      // only a head start: the main thread loads whatever this did not
    }
  }
}
