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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The webhook bridge's HTTP server without the bridge: the same Jetty 12 core version, thread pool
 * (200 max, 4 min), HTTP configuration and blocking handler as its {@code HttpListener}, answering
 * 200 to {@code POST /hook} once it has read the body. The ceiling the bridge is compared with.
 *
 * <p>{@code java -cp firehose-eventsource.jar io.argogeneric.benchmarks.BareHttpServer --port
 * 12000}
 */
public final class BareHttpServer {
  private static final byte[] OK = "success\n".getBytes(StandardCharsets.UTF_8);

  private BareHttpServer() {}

  public static void main(String[] args) throws Exception {
    int port = 12000;
    String bind = "0.0.0.0";
    String path = "/hook";
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> port = Integer.parseInt(value);
        case "--bind" -> bind = value;
        case "--path" -> path = value;
        default ->
            throw new IllegalArgumentException(
                "unknown flag " + flag + " (known: --port, --bind, --path)");
      }
    }
    Server server = start(bind, port, path);
    System.out.println(
        "bare HTTP server listening on port "
            + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    server.join();
  }

  /** Starts the server; {@code port} 0 picks a free one (see the connector's local port). */
  static Server start(String bind, int port, String path) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("bare-http-" + port);
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(bind);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws IOException {
            if (!path.equals(Request.getPathInContext(request))
                || !"POST".equals(request.getMethod())) {
              response.setStatus(404);
              Content.Sink.write(response, true, "not found\n", callback);
              return true;
            }
            drain(request);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, java.nio.ByteBuffer.wrap(OK), callback);
            return true;
          }
        });
    server.setStopTimeout(0);
    server.start();
    return server;
  }

  /** Reads the body to its end, as the bridge does before it answers. */
  private static void drain(Request request) throws IOException {
    byte[] buf = new byte[8192];
    try (InputStream in = Content.Source.asInputStream(request)) {
      while (in.read(buf) >= 0) {
        // discard
      }
    }
  }
}
