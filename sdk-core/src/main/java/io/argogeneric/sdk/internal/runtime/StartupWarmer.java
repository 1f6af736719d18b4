package io.argogeneric.sdk.internal.runtime;

import io.argogeneric.proto.EventingGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Loads the gRPC server's classes on a second thread while the main thread parses flags and sets
 * up logging. Loading classes is most of a server's start-up and is single-threaded unless asked;
 * on two cores the halves overlap. Nothing built here is kept: the main thread builds its own
 * objects and finds their classes ready.
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
