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

import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.EventTooLargeException;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP port, shared by every stream whose endpoint lives on it. It maps each endpoint path to
 * the stream that owns it now: the newest stream to declare a path owns it, and the one it
 * replaces is ended. A request becomes an event in the owner's stream and is answered 200 only
 * once the stream's buffer has taken it.
 */
final class HttpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
  static final String HEALTH_PATH = "/health";
  /** Argo's client reconnects every 5 s: a sender retrying after that finds the new stream. */
  private static final String RETRY_AFTER_NO_STREAM = "5";
  private static final String RETRY_AFTER_FULL = "1";
  /** How much of a refused request's body is read to keep its connection open for the next one. */
  static final int DISCARD_LIMIT = 64 * 1024;

  /** Who owns an endpoint; {@code owner} is null once that stream has ended. */
  private record Claim(StreamContext<WebhookConfig> owner, WebhookConfig config, BearerToken token, long releasedAt) {}

  private final Server server;
  private final ServerConnector connector;
  private final Duration endpointGrace;
  private final Map<String, Claim> endpoints = new ConcurrentHashMap<>();
  private final Runnable onClose;

  /**
   * Starts listening on {@code bind:port}; with {@code tls} set, HTTPS only.
   *
   * @throws IOException when the port cannot be bound
   */
  HttpListener(String bind, int port, SslContextFactory.Server tls, Duration endpointGrace, Runnable onClose)
      throws IOException {
    this.endpointGrace = endpointGrace;
    this.onClose = onClose;
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("webhook-http-" + port);
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    if (tls == null) {
      connector = new ServerConnector(server, h1);
    } else {
      http.addCustomizer(new SecureRequestCustomizer(false)); // SNI checks would refuse IP-address clients
      connector = new ServerConnector(server, new SslConnectionFactory(tls, h1.getProtocol()), h1);
    }
    connector.setHost(bind);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Dispatch());
    // by the time shared resources close every stream has ended, so requests in flight are answered
    // already; a graceful stop would only wait for idle keep-alive connections
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly();
      throw new IOException("cannot listen for HTTP on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    log.info("webhook HTTP{} listener on port {}", tls == null ? "" : "S", connector.getLocalPort());
  }

  /** The port it listens on; the real one when it was opened with port 0. */
  int port() {
    return connector.getLocalPort();
  }

  /** Makes {@code stream} the owner of its endpoint, ending the stream that owned it before. */
  void declare(StreamContext<WebhookConfig> stream) {
    WebhookConfig config = stream.config();
    String path = config.endpoint();
    Claim[] before = new Claim[1];
    endpoints.compute(path, (k, old) -> {
      before[0] = old;
      return new Claim(stream, config, BearerToken.of(config), 0);
    });
    StreamContext<WebhookConfig> older = before[0] == null ? null : before[0].owner();
    if (older != null && older != stream) {
      log.warn("endpoint {} on port {}: stream event={} peer={} takes over from event={} peer={}",
          path, port(), stream.eventName(), stream.peer(), older.eventName(), older.peer());
      older.end(Status.ABORTED.withDescription(
          "superseded by a newer stream for endpoint " + path + " on HTTP port " + port()));
    }
  }

  /** Called when {@code stream} ends: its endpoint answers 503 until declared again, then 404. */
  void release(StreamContext<WebhookConfig> stream) {
    endpoints.computeIfPresent(stream.config().endpoint(), (k, c) ->
        c.owner() == stream ? new Claim(null, c.config(), c.token(), System.nanoTime()) : c);
  }

  @Override
  public void close() {
    onClose.run();
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("stopping the HTTP listener failed", e);
    }
  }

  /** Every request on this port. Blocking: a request's thread waits for its body and its emit. */
  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      Claim claim = endpoints.get(path);
      if (claim == null && HEALTH_PATH.equals(path)) {
        return dropBodyAndAnswer(request, response, callback, 200, "OK");
      }
      if (claim == null) {
        return dropBodyAndAnswer(request, response, callback, 404, "no stream has declared endpoint " + path);
      }
      if (claim.owner() == null) {
        if (System.nanoTime() - claim.releasedAt() > endpointGrace.toNanos()) {
          endpoints.remove(path, claim);
          return dropBodyAndAnswer(request, response, callback, 404, "no stream has declared endpoint " + path);
        }
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_NO_STREAM);
        return dropBodyAndAnswer(request, response, callback, 503, "no stream is connected for endpoint " + path + " right now; retry later");
      }
      WebhookConfig config = claim.config();
      if (claim.token() != null) {
        String reason = switch (claim.token().check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
          case OK -> null;
          case MISSING -> "missing bearer token: send 'Authorization: Bearer <token>'";
          case WRONG -> "invalid bearer token";
          case UNAVAILABLE -> "";
        };
        if (reason != null && reason.isEmpty()) {
          log.warn("endpoint {}: cannot read authTokenFile {}", path, config.authTokenFile());
          response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_NO_STREAM);
          return dropBodyAndAnswer(request, response, callback, 503, "the endpoint's token file cannot be read; retry later");
        }
        if (reason != null) {
          response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
          return dropBodyAndAnswer(request, response, callback, 401, reason);
        }
      }
      String method = config.methodOrDefault();
      if (!method.equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, method);
        return dropBodyAndAnswer(request, response, callback, 405,
            "method " + request.getMethod() + " is not allowed on " + path + "; use " + method);
      }
      byte[] body;
      try {
        body = bodyJson(request, config.maxPayloadSizeOrDefault());
      } catch (TooLarge e) {
        if (e.bodyLeftUnread) {
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        return dropBodyAndAnswer(request, response, callback, 413, e.getMessage());
      } catch (WebhookPayload.BadBody e) {
        return answer(response, callback, 400, e.getMessage());
      } catch (IOException e) {
        return dropBodyAndAnswer(request, response, callback, 400, "cannot read the request body: " + WebhookPayload.oneLine(e.getMessage()));
      }
      byte[] payload = WebhookPayload.payload(
          WebhookPayload.headers(headerEntries(request)), body, config.metadataOrEmpty());
      EmitResult result;
      try {
        result = claim.owner().emitter().emit(payload);
      } catch (StreamClosedException e) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_NO_STREAM);
        return answer(response, callback, 503, "no stream is connected for endpoint " + path + " right now; retry later");
      } catch (EventTooLargeException e) {
        return answer(response, callback, 413, WebhookPayload.oneLine(e.getMessage()));
      }
      if (result == EmitResult.ACCEPTED) {
        return answer(response, callback, 200, "success");
      }
      response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_FULL);
      return answer(response, callback, 503, "the stream's buffer stayed full: its client reads too slowly; retry later");
    }
  }

  /** The body as the event's JSON {@code body}, the way Argo's webhook eventsource makes it. */
  private static byte[] bodyJson(Request request, int maxBytes) throws IOException, TooLarge, WebhookPayload.BadBody {
    if ("GET".equals(request.getMethod())) {
      return WebhookPayload.valuesJson(toMap(Request.extractQueryParameters(request, StandardCharsets.UTF_8)));
    }
    byte[] raw = readAtMost(request, maxBytes);
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null && "application/x-www-form-urlencoded".equalsIgnoreCase(HttpField.getValueParameters(type, null).trim())) {
      Fields form = new Fields(true);
      try {
        UrlEncoded.decodeUtf8To(new String(raw, StandardCharsets.UTF_8), form);
      } catch (IllegalArgumentException e) {
        throw new WebhookPayload.BadBody("invalid form body: " + WebhookPayload.oneLine(e.getMessage()));
      }
      return WebhookPayload.valuesJson(toMap(form));
    }
    return WebhookPayload.jsonBody(raw, raw.length);
  }

  /** Reads the body, or stops at {@code maxBytes + 1} bytes: the excess is never held. */
  private static byte[] readAtMost(Request request, int maxBytes) throws IOException, TooLarge {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw new TooLarge(declared, maxBytes, false); // not read yet: dropBodyAndAnswer() deals with it
    }
    byte[] buf = new byte[declared >= 0 ? (int) declared : Math.min(8192, maxBytes + 1)];
    int n = 0;
    try (InputStream in = Content.Source.asInputStream(request)) {
      while (true) {
        if (n == buf.length) {
          if (n > maxBytes) {
            throw new TooLarge(-1, maxBytes, !discardRest(in, n));
          }
          buf = Arrays.copyOf(buf, (int) Math.min((long) maxBytes + 1, Math.max(8192L, 2L * n)));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    if (n > maxBytes) {
      throw new TooLarge(-1, maxBytes, false);
    }
    return n == buf.length ? buf : Arrays.copyOf(buf, n);
  }

  private static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;
    /** True when reading stopped with more of the body still unread past {@link #DISCARD_LIMIT}. */
    final boolean bodyLeftUnread;

    TooLarge(long declared, int max, boolean bodyLeftUnread) {
      super((declared >= 0 ? "body of " + declared + " bytes is" : "body is") + " over maxPayloadSize of " + max + " bytes");
      this.bodyLeftUnread = bodyLeftUnread;
    }
  }

  private static Map<String, List<String>> toMap(Fields fields) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Fields.Field f : fields) {
      out.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(f.getValues());
    }
    return out;
  }

  private static List<Map.Entry<String, String>> headerEntries(Request request) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (HttpField f : request.getHeaders()) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), f.getValue()));
    }
    return out;
  }

  /**
   * Answers a request whose body has not been read, or not to its end. Left unread, the body
   * would make Jetty close the connection after an answer that did not say so, and a sender that
   * reuses the connection would lose its next request; so a small rest is read and dropped, and
   * past {@link #DISCARD_LIMIT} the answer says {@code Connection: close}.
   */
  private static boolean dropBodyAndAnswer(Request request, Response response, Callback callback, int status, String reason) {
    if (!discardBody(request)) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    return answer(response, callback, status, reason);
  }

  /** Reads and drops what is left of the body; false when more than the limit is left or reading failed. */
  private static boolean discardBody(Request request) {
    long declared = request.getLength();
    if (declared == 0) {
      return true;
    }
    if (declared > DISCARD_LIMIT) {
      return false;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      return discardRest(in, 0);
    } catch (IOException e) {
      return false; // including the "closed before EOF" of a stream left over the limit
    }
  }

  /** Reads {@code in} to its end, dropping the bytes; false once {@code alreadyRead} plus these pass the limit. */
  private static boolean discardRest(InputStream in, long alreadyRead) throws IOException {
    byte[] sink = new byte[8192];
    long total = alreadyRead;
    for (int r; (r = in.read(sink)) >= 0; ) {
      total += r;
      if (total > DISCARD_LIMIT) {
        return false;
      }
    }
    return true;
  }

  /** Sends {@code status} with a one-line plain-text reason. */
  private static boolean answer(Response response, Callback callback, int status, String reason) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, reason + "\n", callback);
    return true;
  }
}
