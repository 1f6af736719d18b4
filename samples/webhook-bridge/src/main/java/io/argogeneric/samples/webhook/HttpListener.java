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
import io.argogeneric.sdk.config.GoDuration;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
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
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP port, shared by every stream whose endpoint lives on it. It maps each endpoint to the
 * stream that owns it now: the newest stream to declare an endpoint owns it, and the one it
 * replaces is ended. A request goes to the first declared endpoint whose template matches its path,
 * as gorilla/mux picks the first registered route; it becomes an event in the owner's stream and is
 * answered 200 only once the stream's buffer has taken it.
 */
final class HttpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
  static final String HEALTH_PATH = "/health";

  /** Argo's client reconnects every 5 s: a sender retrying after that finds the new stream. */
  private static final String RETRY_AFTER_NO_STREAM = "5";

  private static final String RETRY_AFTER_FULL = "1";

  /** How much of a refused request's body is read to keep its connection open for the next one. */
  static final int DISCARD_LIMIT = 64 * 1024;

  /**
   * Who owns an endpoint. Once that stream has ended, a claim without owner, config and token
   * stands for the grace: the config (its metadata can be large) and token go with the stream.
   * {@code order} is the endpoint's place among this port's routes: set when it is first declared,
   * kept while it is. With JetStream, {@code sharedUntil} (a nanoTime, 0 for none) is how long the
   * declaration read from the bucket holds: the endpoint is served while a local stream owns it or
   * a declaration holds, whichever replica holds its stream.
   */
  private record Claim(
      StreamContext<WebhookConfig> owner,
      WebhookConfig config,
      BearerToken token,
      long releasedAt,
      String endpoint,
      EndpointTemplate template,
      long order,
      long sharedUntil) {
    Claim released(long at) {
      return sharedUntil == 0
          ? new Claim(null, null, null, at, endpoint, template, order, 0)
          : new Claim(null, config, token, at, endpoint, template, order, sharedUntil);
    }

    boolean live(long now) {
      return owner != null || (sharedUntil != 0 && now - sharedUntil < 0);
    }

    /** When it stopped being live: its release, or its declaration's end. */
    long goneAt() {
      return sharedUntil == 0 || releasedAt - sharedUntil > 0 ? releasedAt : sharedUntil;
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final Duration endpointGrace;
  private final Map<String, Claim> endpoints = new ConcurrentHashMap<>();
  private final AtomicLong routeOrder = new AtomicLong();
  private final ClientDrivenLog clientLog;
  private final Duration readTimeout;
  private final PerClientLimit perClient;
  private final JetStreamBridge jetstream;
  private final Duration acceptTimeout;

  /**
   * What one sender may hold: a request's body must arrive within {@code readTimeout} (it is read
   * without holding a thread meanwhile), and one client address may have at most {@code
   * requestsPerClient} requests in flight.
   */
  record Limits(Duration readTimeout, int requestsPerClient) {}

  /**
   * Where accepted requests go: null for the owning stream's buffer, else JetStream, acked within
   * {@code acceptTimeout}.
   */
  record Sink(JetStreamBridge jetstream, Duration acceptTimeout) {
    static final Sink STREAM = new Sink(null, null);
  }

  /**
   * Starts listening on {@code bind:port}; with {@code tls} set, HTTPS only.
   *
   * @throws IOException when the port cannot be bound
   */
  HttpListener(
      String bind,
      int port,
      SslContextFactory.Server tls,
      Duration endpointGrace,
      Limits limits,
      ClientDrivenLog clientLog)
      throws IOException {
    this(bind, port, tls, endpointGrace, limits, clientLog, Sink.STREAM);
  }

  HttpListener(
      String bind,
      int port,
      SslContextFactory.Server tls,
      Duration endpointGrace,
      Limits limits,
      ClientDrivenLog clientLog,
      Sink sink)
      throws IOException {
    this.jetstream = sink.jetstream();
    this.acceptTimeout = sink.acceptTimeout();
    this.endpointGrace = endpointGrace;
    this.readTimeout = limits.readTimeout();
    this.clientLog = clientLog;
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("webhook-http-" + port);
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // routing decodes the raw path itself, as Go does: Jetty need not refuse //, %2F or dot
    // segments
    http.setUriCompliance(
        UriCompliance.DEFAULT.with(
            "go-paths",
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    if (tls == null) {
      connector = new ServerConnector(server, h1);
    } else {
      http.addCustomizer(
          new SecureRequestCustomizer(false)); // SNI checks would refuse IP-address clients
      connector = new ServerConnector(server, new SslConnectionFactory(tls, h1.getProtocol()), h1);
    }
    connector.setHost(bind);
    connector.setPort(port);
    server.addConnector(connector);
    perClient = new PerClientLimit(limits.requestsPerClient(), new Dispatch());
    server.setHandler(perClient);
    server.setErrorHandler(new PlainErrors());
    // by the time shared resources close every stream has ended, so requests in flight are answered
    // already; a graceful stop would only wait for idle keep-alive connections
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly();
      throw new IOException(
          "cannot listen for HTTP on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    clientLog.info(
        "webhook HTTP{} listener on port {}", tls == null ? "" : "S", connector.getLocalPort());
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
    endpoints.compute(
        path,
        (k, old) -> {
          before[0] = old;
          return new Claim(
              stream,
              config,
              BearerToken.of(config),
              0,
              path,
              EndpointTemplate.parse(path),
              old == null ? routeOrder.incrementAndGet() : old.order(),
              old == null ? 0 : old.sharedUntil());
        });
    StreamContext<WebhookConfig> older = before[0] == null ? null : before[0].owner();
    if (older != null && older != stream) {
      clientLog.warn(
          "endpoint {} on port {}: stream event={} peer={} takes over from event={} peer={}",
          path,
          port(),
          stream.eventName(),
          stream.peer(),
          older.eventName(),
          older.peer());
      older.end(
          Status.ABORTED.withDescription(
              "superseded by a newer stream for endpoint " + path + " on HTTP port " + port()));
    }
  }

  /**
   * Called when {@code stream} ends: its endpoint answers 503 until declared again, then 404.
   * Returns false when another stream owned the endpoint by then.
   */
  boolean release(StreamContext<WebhookConfig> stream) {
    boolean[] released = new boolean[1];
    endpoints.computeIfPresent(
        stream.config().endpoint(),
        (k, c) -> {
          released[0] = c.owner() == stream;
          return released[0] ? c.released(System.nanoTime()) : c;
        });
    return released[0];
  }

  /**
   * Serves {@code config}'s endpoint, declared in the JetStream bucket by the replica holding its
   * stream, until {@code until} (a nanoTime) unless declared again. A local stream's claim keeps
   * its config.
   */
  void declareShared(WebhookConfig config, long until) {
    String path = config.endpoint();
    endpoints.compute(
        path,
        (k, old) -> {
          if (old != null && old.owner() != null) {
            return new Claim(
                old.owner(),
                old.config(),
                old.token(),
                0,
                path,
                old.template(),
                old.order(),
                until);
          }
          return new Claim(
              null,
              config,
              BearerToken.of(config),
              old == null ? 0 : old.releasedAt(),
              path,
              old == null ? EndpointTemplate.parse(path) : old.template(),
              old == null ? routeOrder.incrementAndGet() : old.order(),
              until);
        });
  }

  /** Forgets {@code path} when it has not been served for at least {@code grace}. */
  void forgetIfReleased(String path, Duration grace) {
    long now = System.nanoTime();
    endpoints.computeIfPresent(
        path, (k, c) -> !c.live(now) && now - c.goneAt() >= grace.toNanos() ? null : c);
  }

  /** True when no endpoint is declared here, not even one in its grace. */
  boolean isUnused() {
    return endpoints.isEmpty();
  }

  /** How many requests from {@code client} are in flight on this port now. */
  int requestsInFlight(java.net.InetAddress client) {
    return perClient.inFlight(client);
  }

  /** How many endpoints this listener holds, those in their grace included. */
  int endpointCount() {
    return endpoints.size();
  }

  @Override
  public void close() {
    int was = port();
    stopQuietly();
    clientLog.info("webhook HTTP listener on port {} closed", was);
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

  /**
   * Jetty's own refusals (a malformed request line or path) answered as the bridge's: one
   * plain-text line.
   */
  private static final class PlainErrors extends ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      answer(
          response,
          callback,
          code,
          WebhookPayload.oneLine(message == null ? HttpStatus.getMessage(code) : message));
    }
  }

  /**
   * Every request on this port. A body is read asynchronously (no thread waits for its bytes); the
   * emit then blocks the thread that delivered its last bytes, for at most the accept timeout.
   */
  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      // routed on Go's URL.Path, as Argo's router does: Jetty's canonical path would resolve . and
      // ..
      String path = GoRequestPath.decode(request.getHttpURI().getPath());
      if (path == null) {
        return dropBodyAndAnswer(
            request, response, callback, 400, "malformed percent-encoding in the request path");
      }
      String clean = GoRequestPath.clean(path);
      if (!clean.equals(path)) { // gorilla/mux redirects instead of routing
        String query = request.getHttpURI().getQuery();
        response
            .getHeaders()
            .put(
                HttpHeader.LOCATION,
                GoRequestPath.escape(clean) + (query == null ? "" : "?" + query));
        return dropBodyAndAnswer(
            request,
            response,
            callback,
            301,
            "the path is not in clean form; its clean form is " + clean);
      }
      if (HEALTH_PATH.equals(path)) {
        return dropBodyAndAnswer(request, response, callback, 200, "OK");
      }
      Claim claim = route(path);
      if (claim == null) {
        return dropBodyAndAnswer(
            request, response, callback, 404, "no stream has declared endpoint " + path);
      }
      if (!claim.live(System.nanoTime())) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_NO_STREAM);
        return dropBodyAndAnswer(
            request,
            response,
            callback,
            503,
            "no stream is connected for endpoint " + path + " right now; retry later");
      }
      WebhookConfig config = claim.config();
      if (claim.token() != null) {
        String reason =
            switch (claim.token().check(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
              case OK -> null;
              case MISSING -> "missing bearer token: send 'Authorization: Bearer <token>'";
              case WRONG -> "invalid bearer token";
              case UNAVAILABLE -> "";
            };
        if (reason != null && reason.isEmpty()) {
          clientLog.warn("endpoint {}: cannot read authTokenFile {}", path, config.authTokenFile());
          response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_NO_STREAM);
          return dropBodyAndAnswer(
              request,
              response,
              callback,
              503,
              "the endpoint's token file cannot be read; retry later");
        }
        if (reason != null) {
          response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
          return dropBodyAndAnswer(request, response, callback, 401, reason);
        }
      }
      String method = config.methodOrDefault();
      if (!method.equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, method);
        return dropBodyAndAnswer(
            request,
            response,
            callback,
            405,
            "method " + request.getMethod() + " is not allowed on " + path + "; use " + method);
      }
      int maxBytes = config.maxPayloadSizeOrDefault();
      if ("GET".equals(request.getMethod())) {
        // as Argo: Go's URL.Query() drops the pairs it cannot parse and ignores the error
        byte[] query =
            WebhookPayload.valuesJson(GoQuery.parse(request.getHttpURI().getQuery()).values());
        return emitAndAnswer(request, response, callback, claim, path, query);
      }
      long declared = request.getLength();
      if (declared > maxBytes) {
        return dropBodyAndAnswer(request, response, callback, 413, tooLarge(declared, maxBytes));
      }
      BodyReader.read(
          request,
          maxBytes,
          DISCARD_LIMIT,
          readTimeout,
          outcome -> {
            try {
              if (outcome instanceof BodyReader.Body b) {
                byte[] body;
                try {
                  body = bodyJson(request, b.bytes());
                } catch (WebhookPayload.BadBody e) {
                  answer(response, callback, 400, e.getMessage());
                  return;
                }
                emitAndAnswer(request, response, callback, claim, path, body);
              } else if (outcome instanceof BodyReader.TooLarge t) {
                if (!t.drained()) {
                  response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
                answer(response, callback, 413, tooLarge(-1, maxBytes));
              } else {
                answerUnreadBody(response, callback, outcome);
              }
            } catch (Throwable e) {
              callback.failed(e);
            }
          });
      return true;
    }
  }

  /**
   * The claim of the first declared endpoint matching {@code path}, as mux tries routes in the
   * order they were added; null when none does. An endpoint whose grace has run out is dropped on
   * the way, and the next match is taken.
   */
  private Claim route(String path) {
    while (true) {
      long now = System.nanoTime();
      Claim first = null;
      for (Claim c : endpoints.values()) {
        if ((first == null || c.order() < first.order()) && c.template().matches(path)) {
          first = c;
        }
      }
      if (first == null || first.live(now) || now - first.goneAt() <= endpointGrace.toNanos()) {
        return first;
      }
      endpoints.remove(first.endpoint(), first);
    }
  }

  /**
   * Emits the event into the endpoint owner's stream, 200 once its buffer has taken it; with
   * JetStream, publishes the request, 200 once JetStream has stored it.
   */
  private boolean emitAndAnswer(
      Request request,
      Response response,
      Callback callback,
      Claim claim,
      String path,
      byte[] body) {
    if (jetstream != null) {
      return publishAndAnswer(request, response, callback, claim, body);
    }
    byte[] payload =
        WebhookPayload.payload(
            WebhookPayload.headers(headerEntries(request)), body, claim.config().metadataOrEmpty());
    EmitResult result;
    try {
      result = claim.owner().emitter().emit(payload);
    } catch (StreamClosedException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_NO_STREAM);
      return answer(
          response,
          callback,
          503,
          "no stream is connected for endpoint " + path + " right now; retry later");
    } catch (EventTooLargeException e) {
      return answer(response, callback, 413, WebhookPayload.oneLine(e.getMessage()));
    }
    if (result == EmitResult.ACCEPTED) {
      return answer(response, callback, 200, "success");
    }
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_FULL);
    return answer(
        response,
        callback,
        503,
        "the stream's buffer stayed full: its client reads too slowly; retry later");
  }

  private boolean publishAndAnswer(
      Request request, Response response, Callback callback, Claim claim, byte[] body) {
    jetstream
        .publish(JetStreamBridge.key(claim.config()), headerEntries(request), body, acceptTimeout)
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                answer(response, callback, 200, "success");
              } else if (failure instanceof JetStreamBridge.TooLarge) {
                answer(response, callback, 413, failure.getMessage());
              } else {
                clientLog.warn("JetStream did not store a request: {}", String.valueOf(failure));
                response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_FULL);
                answer(
                    response,
                    callback,
                    503,
                    "the request could not be stored (JetStream unreachable or full); retry later");
              }
            });
    return true;
  }

  /** A body that timed out or broke off: the connection cannot carry another request. */
  private void answerUnreadBody(Response response, Callback callback, BodyReader.Outcome outcome) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    if (outcome instanceof BodyReader.TimedOut) {
      answer(
          response,
          callback,
          408,
          "the request body did not arrive within " + GoDuration.format(readTimeout));
    } else {
      Throwable cause = ((BodyReader.Failed) outcome).cause();
      answer(
          response,
          callback,
          400,
          "cannot read the request body: "
              + WebhookPayload.oneLine(String.valueOf(cause == null ? null : cause.getMessage())));
    }
  }

  private static String tooLarge(long declared, int max) {
    return (declared >= 0 ? "body of " + declared + " bytes is" : "body is")
        + " over maxPayloadSize of "
        + max
        + " bytes";
  }

  /** The body as the event's JSON {@code body}, the way Argo's webhook eventsource makes it. */
  private static byte[] bodyJson(Request request, byte[] raw) throws WebhookPayload.BadBody {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null
        && "application/x-www-form-urlencoded"
            .equalsIgnoreCase(HttpField.getValueParameters(type, null).trim())) {
      GoQuery.Parsed form = GoQuery.parse(new String(raw, StandardCharsets.UTF_8));
      // Go's ParseForm parses the URL's query too, and fails on either
      String error =
          form.error() != null
              ? form.error()
              : GoQuery.parse(request.getHttpURI().getQuery()).error();
      if (error != null) {
        throw new WebhookPayload.BadBody("invalid form body: " + error);
      }
      return WebhookPayload.valuesJson(form.values());
    }
    return WebhookPayload.jsonBody(raw, raw.length);
  }

  private static List<Map.Entry<String, String>> headerEntries(Request request) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (HttpField f : request.getHeaders()) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), f.getValue()));
    }
    return out;
  }

  /**
   * Answers a request whose body has not been read. Left unread, the body would make Jetty close
   * the connection after an answer that did not say so, and a sender that reuses the connection
   * would lose its next request; so a small body, up to {@link #DISCARD_LIMIT}, is read (without
   * holding a thread while it arrives) and dropped before the answer, and past that limit, or when
   * it does not arrive within the read timeout, the answer says {@code Connection: close}.
   */
  private boolean dropBodyAndAnswer(
      Request request, Response response, Callback callback, int status, String reason) {
    long declared = request.getLength();
    if (declared == 0) {
      return answer(response, callback, status, reason);
    }
    if (declared > DISCARD_LIMIT) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return answer(response, callback, status, reason);
    }
    BodyReader.read(
        request,
        0,
        DISCARD_LIMIT,
        readTimeout,
        outcome -> {
          boolean drained =
              outcome instanceof BodyReader.Body
                  || outcome instanceof BodyReader.TooLarge t && t.drained();
          if (!drained) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
          }
          answer(response, callback, status, reason);
        });
    return true;
  }

  /** Sends {@code status} with a one-line plain-text reason. */
  private static boolean answer(Response response, Callback callback, int status, String reason) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(
        response,
        true,
        WebhookPayload.oneLine(reason) + "\n",
        callback); // a path may hold a decoded %0A
    return true;
  }
}
