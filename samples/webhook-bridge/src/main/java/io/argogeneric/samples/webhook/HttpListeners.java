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
package io.argogeneric.samples.webhook;

import io.argogeneric.sdk.StreamContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's HTTP listeners, one per port, and how long they live. A listener opens when the
 * first stream declares an endpoint on its port. When a stream ends its endpoint keeps answering
 * 503 for the grace (Argo reconnects within it), holding nothing of the stream's config; after the
 * grace the endpoint is forgotten, and a listener on a port no endpoint uses any more is closed,
 * except the one on {@code --http-port}. So streams that come and go on ports of their choosing
 * leave no socket, thread or config behind. Opening, declaring, expiring and closing all happen
 * under this object's lock, so a stream never declares on a listener that is closing.
 */
final class HttpListeners implements AutoCloseable {

  /** Opens a listener on a port; throws {@link IOException} when it cannot be bound. */
  interface Opener {
    HttpListener open(int port) throws IOException;
  }

  private final int defaultPort;
  private final Duration grace;
  private final Opener opener;
  private final Map<Integer, HttpListener> open = new HashMap<>();
  private final ScheduledExecutorService expiry =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "webhook-endpoint-expiry");
            t.setDaemon(true);
            return t;
          });
  private boolean closed;

  /** Most endpoints served from JetStream declarations at once; more are ignored, and logged. */
  static final int MAX_SHARED_ENDPOINTS = 1000;

  /** Endpoints served from JetStream declarations ("port path"), and until when (nanoTime). */
  private final Map<String, Long> shared = new HashMap<>();

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(HttpListeners.class);
  private long lastRefusalLog;

  HttpListeners(int defaultPort, Duration grace, Opener opener) {
    this.defaultPort = defaultPort;
    this.grace = grace;
    this.opener = opener;
  }

  /**
   * Makes {@code stream} the owner of its endpoint on {@code port}, opening the listener first if
   * needed, and returns that listener.
   *
   * @throws UncheckedIOException when the port cannot be bound
   * @throws IllegalStateException when the server is stopping
   */
  synchronized HttpListener declare(int port, StreamContext<WebhookConfig> stream) {
    if (closed) {
      throw new IllegalStateException("the server is stopping");
    }
    HttpListener listener = open.get(port);
    if (listener == null) {
      try {
        listener = opener.open(port);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      open.put(port, listener);
    }
    listener.declare(stream);
    return listener;
  }

  /**
   * Serves an endpoint declared in the JetStream bucket until {@code until} (a nanoTime), then for
   * the grace with 503, then forgets it, as for an ended stream.
   */
  synchronized void declareShared(int port, WebhookConfig config, long until) {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    String id = port + " " + config.endpoint();
    if (!shared.containsKey(id)) {
      shared.values().removeIf(u -> now - u > grace.toNanos());
      if (shared.size() >= MAX_SHARED_ENDPOINTS) {
        if (now - lastRefusalLog > TimeUnit.MINUTES.toNanos(1) || lastRefusalLog == 0) {
          lastRefusalLog = now;
          log.warn(
              "more than {} endpoints declared in JetStream: not serving {} on port {}",
              MAX_SHARED_ENDPOINTS,
              config.endpoint(),
              port);
        }
        return;
      }
    }
    HttpListener listener = open.get(port);
    if (listener == null) {
      try {
        listener = opener.open(port);
      } catch (IOException e) {
        log.warn("cannot serve declared endpoint {}: {}", config.endpoint(), e.getMessage());
        return;
      }
      open.put(port, listener);
    }
    shared.put(id, until);
    listener.declareShared(config, until);
    HttpListener l = listener;
    expiry.schedule(
        () -> expire(port, l, config.endpoint()),
        Math.max(0, until - now) + grace.toNanos() + 1,
        TimeUnit.NANOSECONDS);
  }

  /**
   * Called when {@code stream} has ended: its endpoint answers 503 for the grace, then is
   * forgotten.
   */
  synchronized void release(int port, StreamContext<WebhookConfig> stream) {
    HttpListener listener = open.get(port);
    if (closed || listener == null || !listener.release(stream)) {
      return;
    }
    String path = stream.config().endpoint();
    expiry.schedule(() -> expire(port, listener, path), grace.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized void expire(int port, HttpListener listener, String path) {
    if (closed || open.get(port) != listener) {
      return;
    }
    listener.forgetIfReleased(path, grace);
    if (port != defaultPort && listener.isUnused()) {
      open.remove(port);
      listener.close();
    }
  }

  /** The listener on {@code port} (as configured, 0 included), or null when none is open. */
  synchronized HttpListener get(int port) {
    return open.get(port);
  }

  /** How many listeners are open now. */
  synchronized int openCount() {
    return open.size();
  }

  @Override
  public void close() {
    Map<Integer, HttpListener> toClose;
    synchronized (this) {
      closed = true;
      toClose = new HashMap<>(open);
      open.clear();
    }
    expiry.shutdownNow();
    toClose.values().forEach(HttpListener::close);
  }
}
