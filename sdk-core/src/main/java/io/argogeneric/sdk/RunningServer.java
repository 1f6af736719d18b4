package io.argogeneric.sdk;

import java.time.Duration;

/** A server started by {@link EventingServer#launch}; closing it shuts it down gracefully. */
public interface RunningServer extends AutoCloseable {

  /** The gRPC port it listens on; the real one when it was started with port 0. */
  int port();

  /** The admin HTTP port (metrics, health), or -1 when it has none. */
  int adminPort();

  /**
   * Shuts down as on SIGTERM: not ready, new streams refused, buffered events flushed for up to
   * {@code grace}, remaining streams ended with {@code UNAVAILABLE}, shared resources closed.
   * Returns when all that is done.
   */
  void shutdown(Duration grace);

  /** Blocks until the server has shut down. */
  void awaitTermination() throws InterruptedException;

  /** {@link #shutdown(Duration)} with the grace period the server was started with. */
  @Override
  void close();
}
