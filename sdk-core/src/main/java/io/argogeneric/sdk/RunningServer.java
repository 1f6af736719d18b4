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
package io.argogeneric.sdk;

import java.time.Duration;

/**
 * A server started by {@link EventingServer#launch}; closing it shuts it down gracefully.
 *
 * @since 0.1.0
 */
public abstract class RunningServer implements AutoCloseable {

  /** Only the SDK creates running servers. */
  protected RunningServer() {}

  /** The gRPC port it listens on; the real one when it was started with port 0. */
  public abstract int port();

  /** The admin HTTP port (metrics, health), or -1 when it has none. */
  public abstract int adminPort();

  /**
   * Shuts down as on SIGTERM: not ready, new streams refused, buffered events flushed for up to
   * {@code grace}, remaining streams ended with {@code UNAVAILABLE}, shared resources closed.
   * Returns when all that is done.
   */
  public abstract void shutdown(Duration grace);

  /** Blocks until the server has shut down. */
  public abstract void awaitTermination() throws InterruptedException;

  /** {@link #shutdown(Duration)} with the grace period the server was started with. */
  @Override
  public abstract void close();
}
