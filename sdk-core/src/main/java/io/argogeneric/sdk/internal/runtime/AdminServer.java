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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP port: {@code /metrics} in Prometheus text format (Micrometer's own
 * exposition), {@code /healthz} (the process is alive) and {@code /readyz} (it accepts streams; 503
 * while draining). The JDK's built-in server is plenty for three scrape-sized answers.
 */
final class AdminServer implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AdminServer.class);
  private final HttpServer http;
  private final ExecutorService executor;

  AdminServer(String bind, int port, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    http = HttpServer.create(new InetSocketAddress(bind, port), 64);
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "eventsource-admin");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    http.createContext(
        "/metrics",
        guarded(
            ex -> answer(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
    http.createContext(
        "/healthz", guarded(ex -> answer(ex, 200, "text/plain; charset=utf-8", "ok\n")));
    http.createContext(
        "/readyz",
        guarded(
            ex -> {
              boolean ok = ready.getAsBoolean();
              answer(
                  ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ready\n" : "draining\n");
            }));
    http.createContext(
        "/",
        guarded(
            ex ->
                answer(
                    ex,
                    404,
                    "text/plain; charset=utf-8",
                    "not found: try /metrics, /healthz or /readyz\n")));
    http.start();
  }

  /**
   * A request that fails gets a 500 rather than no answer. A JVM error is then rethrown: it ends
   * the admin thread, and in the standalone server {@link FatalErrors} ends the process.
   */
  private static HttpHandler guarded(HttpHandler handler) {
    return ex -> {
      try {
        handler.handle(ex);
      } catch (IOException e) {
        ex.close(); // the prober went away
      } catch (Throwable t) {
        try {
          answer(
              ex,
              500,
              "text/plain; charset=utf-8",
              "error: " + t.getClass().getSimpleName() + "\n");
        } catch (Throwable ignored) {
          ex.close();
        }
        if (t instanceof Error e) {
          throw e;
        }
        log.warn("admin request {} failed", ex.getRequestURI().getPath(), t);
      }
    };
  }

  int port() {
    return http.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, int code, String type, String body)
      throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      if ("HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(code, -1);
        return;
      }
      ex.sendResponseHeaders(code, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
