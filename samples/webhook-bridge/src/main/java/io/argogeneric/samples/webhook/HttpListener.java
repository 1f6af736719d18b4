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
 * replaces is ended. A request goes to the first declared endpoint whose template matches its
 * path, as gorilla/mux picks the first registered route; it becomes an event in the owner's
 * stream and is answered 200 only once the stream's buffer has taken it.
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
   * Who owns an endpoint; {@code owner} is null once that stream has ended. {@code order} is the
   * endpoint's place among this port's routes: set when it is first declared, kept while it is.
   */
  private record Claim(StreamContext<WebhookConfig> owner, WebhookConfig config, BearerToken token, long releasedAt,
      EndpointTemplate template, long order) {}

  private final Server server;
  private final ServerConnector connector;
  private final Duration endpointGrace;
  private final Map<String, Claim> endpoints = new ConcurrentHashMap<>();
  private final AtomicLong routeOrder = new AtomicLong();
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
    // routing decodes the raw path itself, as Go does: Jetty need not refuse //, %2F or dot segments
    http.setUriCompliance(UriCompliance.DEFAULT.with("go-paths", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
        UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
        UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
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
    server.setErrorHandler(new PlainErrors());
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
      return new Claim(stream, config, BearerToken.of(config), 0, EndpointTemplate.parse(path),
          old == null ? routeOrder.incrementAndGet() : old.order());
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
        c.owner() == stream ? new Claim(null, c.config(), c.token(), System.nanoTime(), c.template(), c.order()) : c);
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

  /** Jetty's own refusals (a malformed request line or path) answered as the bridge's: one plain-text line. */
  private static final class PlainErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      answer(response, callback, code, WebhookPayload.oneLine(message == null ? HttpStatus.getMessage(code) : message));
    }
  }

  /** Every request on this port. Blocking: a request's thread waits for its body and its emit. */
  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      // routed on Go's URL.Path, as Argo's router does: Jetty's canonical path would resolve . and ..
      String path = GoRequestPath.decode(request.getHttpURI().getPath());
      if (path == null) {
        return dropBodyAndAnswer(request, response, callback, 400, "malformed percent-encoding in the request path");
      }
      String clean = GoRequestPath.clean(path);
      if (!clean.equals(path)) { // gorilla/mux redirects instead of routing
        String query = request.getHttpURI().getQuery();
        response.getHeaders().put(HttpHeader.LOCATION, GoRequestPath.escape(clean) + (query == null ? "" : "?" + query));
        return dropBodyAndAnswer(request, response, callback, 301, "the path is not in clean form; its clean form is " + clean);
      }
      if (HEALTH_PATH.equals(path)) {
        return dropBodyAndAnswer(request, response, callback, 200, "OK");
      }
      Claim claim = route(path);
      if (claim == null) {
        return dropBodyAndAnswer(request, response, callback, 404, "no stream has declared endpoint " + path);
      }
      if (claim.owner() == null) {
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

  /**
   * The claim of the first declared endpoint matching {@code path}, as mux tries routes in the
   * order they were added; null when none does. An endpoint whose grace has run out is dropped on
   * the way, and the next match is taken.
   */
  private Claim route(String path) {
    while (true) {
      Claim first = null;
      for (Claim c : endpoints.values()) {
        if ((first == null || c.order() < first.order()) && c.template().matches(path)) {
          first = c;
        }
      }
      if (first == null || first.owner() != null || System.nanoTime() - first.releasedAt() <= endpointGrace.toNanos()) {
        return first;
      }
      endpoints.remove(first.config().endpoint(), first);
    }
  }

  /** The body as the event's JSON {@code body}, the way Argo's webhook eventsource makes it. */
  private static byte[] bodyJson(Request request, int maxBytes) throws IOException, TooLarge, WebhookPayload.BadBody {
    if ("GET".equals(request.getMethod())) {
      // as Argo: Go's URL.Query() drops the pairs it cannot parse and ignores the error
      return WebhookPayload.valuesJson(GoQuery.parse(request.getHttpURI().getQuery()).values());
    }
    byte[] raw = readAtMost(request, maxBytes);
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null && "application/x-www-form-urlencoded".equalsIgnoreCase(HttpField.getValueParameters(type, null).trim())) {
      GoQuery.Parsed form = GoQuery.parse(new String(raw, StandardCharsets.UTF_8));
      // Go's ParseForm parses the URL's query too, and fails on either
      String error = form.error() != null ? form.error() : GoQuery.parse(request.getHttpURI().getQuery()).error();
      if (error != null) {
        throw new WebhookPayload.BadBody("invalid form body: " + error);
      }
      return WebhookPayload.valuesJson(form.values());
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
    Content.Sink.write(response, true, WebhookPayload.oneLine(reason) + "\n", callback); // a path may hold a decoded %0A
    return true;
  }
}
