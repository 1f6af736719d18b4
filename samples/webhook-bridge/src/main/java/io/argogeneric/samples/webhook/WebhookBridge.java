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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.GoDuration;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * HTTP requests in, generic eventsource events out. Each stream's config declares one endpoint;
 * every request to it becomes one event in that stream, built as Argo's webhook eventsource builds
 * it, and is answered 200 only once the stream's buffer has accepted the event. See README.md.
 */
public final class WebhookBridge extends EventingServer<WebhookConfig> {
  /** Room under Argo's 4 MiB message limit for the headers and metadata around the body. */
  static final int MAX_PAYLOAD_SIZE = 4 * 1024 * 1024 - 64 * 1024;

  private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
  static final String TOKEN_FILE_REFUSED =
      "authTokenFile: not usable; it must name a readable regular file of at most "
          + BearerToken.FromFile.MAX_BYTES
          + " bytes holding the token, inside --http-token-dir if the bridge sets one "
          + "(the bridge's log says what is wrong with it)";

  @Option(
      names = "--http-port",
      defaultValue = "${env:WEBHOOK_HTTP_PORT:-12000}",
      paramLabel = "PORT",
      converter = PortConverter.class,
      description =
          "Default HTTP port of endpoints whose config sets none; 0 picks a free one. "
              + "Env WEBHOOK_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
  private int httpPort = 12000;

  @Option(
      names = "--http-bind",
      defaultValue = "${env:WEBHOOK_HTTP_BIND:-0.0.0.0}",
      paramLabel = "ADDRESS",
      description =
          "Address the HTTP listeners bind. Env WEBHOOK_HTTP_BIND. Default: ${DEFAULT-VALUE}.")
  private String httpBind = "0.0.0.0";

  @ArgGroup(exclusive = false, multiplicity = "0..1")
  private Tls tls;

  @Option(
      names = "--jetstream",
      defaultValue = "${env:WEBHOOK_JETSTREAM}",
      paramLabel = "URI",
      converter = JetStreamConverter.class,
      description =
          "Run active-active on NATS JetStream: nats://host:4222[,host2:4222][?creds=FILE&tls-ca=FILE"
              + "&stream=WEBHOOK&kv=webhook-endpoints&replicas=N&max-bytes=N]. Every replica accepts "
              + "every endpoint's requests and answers 200 once JetStream stored them. "
              + "Env WEBHOOK_JETSTREAM. Default: none (one replica, requests go to its streams).")
  private JetStreamBridge.Settings jetstreamSettings;

  /** The JetStream side, connected when the server starts; null without --jetstream. */
  private volatile JetStreamBridge jetstream;

  @Option(
      names = "--http-endpoint-grace",
      defaultValue = "${env:WEBHOOK_HTTP_ENDPOINT_GRACE:-60s}",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long an endpoint whose stream ended answers 503 (retry) before it answers 404. "
              + "Env WEBHOOK_HTTP_ENDPOINT_GRACE. Default: ${DEFAULT-VALUE}.")
  private Duration endpointGrace = Duration.ofSeconds(60);

  @Option(
      names = "--http-accept-timeout",
      defaultValue = "${env:WEBHOOK_HTTP_ACCEPT_TIMEOUT:-2s}",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a request waits for room in a full stream buffer before it is answered 503. "
              + "Env WEBHOOK_HTTP_ACCEPT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  private Duration acceptTimeout = Duration.ofSeconds(2);

  @Option(
      names = "--http-read-timeout",
      defaultValue = "${env:WEBHOOK_HTTP_READ_TIMEOUT:-30s}",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a request's body may take to arrive, in all, before it is answered 408 and its "
              + "connection closed. Env WEBHOOK_HTTP_READ_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  private Duration readTimeout = Duration.ofSeconds(30);

  @Option(
      names = "--http-max-requests-per-client",
      defaultValue = "${env:WEBHOOK_HTTP_MAX_REQUESTS_PER_CLIENT:-64}",
      paramLabel = "N",
      converter = PositiveInt.class,
      description =
          "Requests one client address may have in flight on a listener; more get 429. "
              + "Env WEBHOOK_HTTP_MAX_REQUESTS_PER_CLIENT. Default: ${DEFAULT-VALUE}.")
  private int requestsPerClient = 64;

  @Option(
      names = "--http-token-dir",
      defaultValue = "${env:WEBHOOK_HTTP_TOKEN_DIR}",
      paramLabel = "DIR",
      converter = DirectoryConverter.class,
      description =
          "When set, a config's authTokenFile must lie inside DIR (links followed); others are refused "
              + "without being looked at. Env WEBHOOK_HTTP_TOKEN_DIR. Default: any path.")
  private Path tokenDir;

  /** Both TLS files or neither: picocli refuses one alone at start. */
  static final class Tls {
    @Option(
        names = "--http-tls-cert",
        required = true,
        paramLabel = "FILE",
        converter = CertFile.class,
        description =
            "PEM certificate chain: the HTTP listeners serve HTTPS only (needs --http-tls-key).")
    Path cert;

    @Option(
        names = "--http-tls-key",
        required = true,
        paramLabel = "FILE",
        converter = KeyFile.class,
        description = "PEM private key in PKCS#8 ('BEGIN PRIVATE KEY') for --http-tls-cert.")
    Path key;
  }

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(WebhookBridge.class);

  /**
   * One budget for every log line a client can cause, whichever listener or stream it comes from.
   */
  private final ClientDrivenLog clientLog = new ClientDrivenLog(log);

  /** The listeners of the running server; null before its first stream. */
  private volatile HttpListeners listeners;

  public WebhookBridge() {
    super(WebhookConfig.class);
  }

  public static void main(String[] args) {
    new WebhookBridge().run(args);
  }

  // ---- settings for tests that host the plugin without flags ----

  WebhookBridge withHttpPort(int port) {
    this.httpPort = port;
    return this;
  }

  WebhookBridge withEndpointGrace(Duration grace) {
    this.endpointGrace = grace;
    return this;
  }

  WebhookBridge withAcceptTimeout(Duration timeout) {
    this.acceptTimeout = timeout;
    return this;
  }

  WebhookBridge withReadTimeout(Duration timeout) {
    this.readTimeout = timeout;
    return this;
  }

  WebhookBridge withRequestsPerClient(int max) {
    this.requestsPerClient = max;
    return this;
  }

  WebhookBridge withJetStream(String uri) {
    this.jetstreamSettings = JetStreamBridge.Settings.parse(uri);
    return this;
  }

  WebhookBridge withTls(Path cert, Path key) {
    this.tls = new Tls();
    tls.cert = cert;
    tls.key = key;
    return this;
  }

  /** The port the listener for {@code configuredPort} is bound to; -1 when it is not open. */
  int boundHttpPort(int configuredPort) {
    HttpListeners all = listeners;
    HttpListener l = all == null ? null : all.get(configuredPort);
    return l == null ? -1 : l.port();
  }

  /** How many requests from {@code client} are in flight on the default HTTP port now. */
  int requestsInFlight(java.net.InetAddress client) {
    HttpListeners all = listeners;
    HttpListener l = all == null ? null : all.get(httpPort);
    return l == null ? 0 : l.requestsInFlight(client);
  }

  /** How many HTTP listeners are open now, the default one included. */
  int openHttpListeners() {
    HttpListeners all = listeners;
    return all == null ? 0 : all.openCount();
  }

  /**
   * How many endpoints the listener for {@code configuredPort} holds, those in their grace
   * included.
   */
  int endpointCount(int configuredPort) {
    HttpListeners all = listeners;
    HttpListener l = all == null ? null : all.get(configuredPort);
    return l == null ? 0 : l.endpointCount();
  }

  /** The port the default listener ({@code --http-port}) is bound to; -1 when it is not open. */
  int boundHttpPort() {
    return boundHttpPort(httpPort);
  }

  // ---- the plugin ----

  @Override
  public StreamSettings streamSettings() {
    // a request must learn whether its event was taken, so that a 503 makes its sender retry
    return StreamSettings.defaults()
        .withOverflowPolicy(OverflowPolicy.BLOCK)
        .withBlockTimeout(acceptTimeout);
  }

  /**
   * Called once as the server starts, after its flags are read: with --jetstream the replica
   * connects here and starts serving the endpoints other replicas declared, before any stream of
   * its own, since Argo's client may hold every stream on another replica.
   */
  @Override
  public java.util.Optional<io.argogeneric.sdk.OutboxSettings> outbox() {
    if (jetstreamSettings != null && jetstream == null) {
      try {
        JetStreamBridge js = JetStreamBridge.connect(jetstreamSettings);
        jetstream = js;
        HttpListeners all = newListeners();
        js.watch(
            (config, until) -> {
              if (config.authTokenFile() != null
                  && BearerToken.FromFile.problem(config.authTokenFile(), tokenDir) != null) {
                clientLog.warn(
                    "declared endpoint {}: authTokenFile {} is not usable here; not serving it",
                    config.endpoint(),
                    config.authTokenFile());
                return;
              }
              all.declareShared(config.port() != null ? config.port() : httpPort, config, until);
            });
      } catch (IOException e) {
        throw new UncheckedIOException(
            "--jetstream: cannot connect to " + jetstreamSettings.servers() + ": " + e.getMessage(),
            e);
      }
    }
    return super.outbox();
  }

  @Override
  public void validate(WebhookConfig c, ConfigErrors errors) {
    String endpoint = c.endpoint();
    if (endpoint != null) {
      if (!endpoint.startsWith("/")) {
        errors.add("endpoint", "must start with '/': " + quoteShort(endpoint));
      } else if (endpoint.equals(HttpListener.HEALTH_PATH)) {
        errors.add("endpoint", "/health is reserved for the health check");
      } else {
        try {
          EndpointTemplate template = EndpointTemplate.parse(endpoint);
          if (template
              .literalText()
              .chars()
              .anyMatch(ch -> ch == '?' || ch == '#' || Character.isWhitespace(ch))) {
            errors.add(
                "endpoint",
                "must be a path without '?', '#' or spaces outside {...}: " + quoteShort(endpoint));
          }
        } catch (IllegalArgumentException e) {
          errors.add(
              "endpoint",
              "is not a valid path template (Argo's gorilla/mux would never route to it): "
                  + e.getMessage());
        }
      }
    }
    // Argo's keys that need Kubernetes' API or the eventsource's own server: say what replaces each
    if (c.authSecret() != null) {
      errors.add(
          "authSecret",
          "is Argo's Secret reference, which the bridge cannot read: mount the Secret into the "
              + "bridge's pod and set authTokenFile to the mounted file (e.g. /var/run/secrets/webhook/token)");
    }
    String tls =
        "is Argo's per-endpoint TLS Secret: the bridge serves HTTPS on all its listeners from its own "
            + "flags; start it with --http-tls-cert and --http-tls-key (files of a mounted Secret)";
    if (c.serverCertSecret() != null) {
      errors.add("serverCertSecret", tls);
    }
    if (c.serverKeySecret() != null) {
      errors.add("serverKeySecret", tls);
    }
    if (c.url() != null) {
      errors.add(
          "url",
          "is the address of Argo's own webhook server, which the bridge does not use: senders post to "
              + "the bridge's HTTP port (its Service or Ingress); remove the key");
    }
    if (c.method() != null && !METHOD.matcher(c.method().trim()).matches()) {
      errors.add("method", "must be an HTTP method such as POST or GET: " + quoteShort(c.method()));
    }
    if (c.port() != null && (c.port() < 1 || c.port() > 65535)) {
      errors.add("port", "must be 1..65535: " + c.port());
    }
    if (c.authToken() != null && c.authTokenFile() != null) {
      errors.add("authTokenFile", "cannot be set together with authToken; choose one");
    }
    if (jetstreamSettings != null && c.authToken() != null) {
      errors.add(
          "authToken",
          "cannot be shared with the other replicas (--jetstream): mount the token as a file on "
              + "every replica and set authTokenFile instead");
    }
    if (c.authToken() != null && c.authToken().isBlank()) {
      errors.add("authToken", "must not be empty");
    }
    if (c.maxPayloadSize() != null
        && (c.maxPayloadSize() < 1 || c.maxPayloadSize() > MAX_PAYLOAD_SIZE)) {
      errors.add(
          "maxPayloadSize",
          "must be 1.."
              + MAX_PAYLOAD_SIZE
              + " (Argo's client refuses events of 4 MiB or more): "
              + c.maxPayloadSize());
    }
  }

  @Override
  public void start(StreamContext<WebhookConfig> stream) {
    WebhookConfig config = stream.config();
    if (config.authTokenFile() != null) {
      String problem = BearerToken.FromFile.problem(config.authTokenFile(), tokenDir);
      if (problem != null) {
        // one answer for every reason, so that a gRPC client cannot probe the host's files with it
        clientLog.warn(
            "stream event={} peer={}: authTokenFile {} {}",
            stream.eventName(),
            stream.peer(),
            config.authTokenFile(),
            problem);
        stream.end(Status.INVALID_ARGUMENT.withDescription(TOKEN_FILE_REFUSED));
        return;
      }
    }
    int port = config.port() != null ? config.port() : httpPort;
    JetStreamBridge js = jetstream;
    HttpListeners all =
        js != null
            ? listeners
            : stream.shared("http-listeners", HttpListeners.class, this::newListeners);
    try {
      all.declare(port, stream);
    } catch (UncheckedIOException e) {
      stream.end(
          Status.UNAVAILABLE.withDescription(WebhookPayload.oneLine(e.getCause().getMessage())));
      return;
    }
    stream.onStop(() -> all.release(port, stream));
    if (js != null) {
      try {
        js.hold(stream).start();
      } catch (IOException | RuntimeException e) {
        stream.end(
            Status.UNAVAILABLE.withDescription(
                "JetStream: " + WebhookPayload.oneLine(String.valueOf(e.getMessage()))));
        return;
      }
      AutoCloseable declaration = js.announce(config);
      stream.onStop(declaration::close);
    }
  }

  private HttpListeners newListeners() {
    HttpListeners all =
        new HttpListeners(
            httpPort,
            endpointGrace,
            port -> {
              SslContextFactory.Server ssl = tls == null ? null : PemFiles.tls(tls.cert, tls.key);
              return new HttpListener(
                  httpBind,
                  port,
                  ssl,
                  endpointGrace,
                  new HttpListener.Limits(readTimeout, requestsPerClient),
                  clientLog,
                  jetstream == null
                      ? HttpListener.Sink.STREAM
                      : new HttpListener.Sink(jetstream, acceptTimeout));
            });
    listeners = all;
    return all;
  }

  private static String quoteShort(String s) {
    String t = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    return "'" + t + "'";
  }

  /** Picocli: the --jetstream URI, checked at start. */
  static final class JetStreamConverter implements ITypeConverter<JetStreamBridge.Settings> {
    @Override
    public JetStreamBridge.Settings convert(String value) {
      try {
        return JetStreamBridge.Settings.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Picocli: a TCP port. */
  static final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int p = Integer.parseInt(value.trim());
        if (p >= 0 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException("'" + value + "' is not a port (0..65535)");
    }
  }

  /** Picocli: an existing directory, made absolute. */
  static final class DirectoryConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      Path dir = Path.of(value).toAbsolutePath().normalize();
      if (!java.nio.file.Files.isDirectory(dir)) {
        throw new TypeConversionException("'" + value + "' is not a directory");
      }
      return dir;
    }
  }

  /** Picocli: a whole number of at least 1. */
  static final class PositiveInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
    }
  }

  /** Picocli: a PEM certificate file, read at start so that a bad one stops the server at once. */
  static final class CertFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      try {
        PemFiles.certificates(Path.of(value));
        return Path.of(value);
      } catch (IOException e) {
        throw new TypeConversionException(WebhookPayload.oneLine(e.getMessage()));
      }
    }
  }

  /** Picocli: a PEM private key file, read at start so that a bad one stops the server at once. */
  static final class KeyFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      try {
        PemFiles.privateKey(Path.of(value));
        return Path.of(value);
      } catch (IOException e) {
        throw new TypeConversionException(WebhookPayload.oneLine(e.getMessage()));
      }
    }
  }

  /**
   * Picocli: durations written as in configs (Go's syntax: 500ms, 2s, 1m, 1h30m), by the SDK's one
   * parser.
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      try {
        d = GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      if (d.isNegative()) { // a grace or a timeout: Go's syntax allows a sign, these flags do not
        throw new TypeConversionException(
            "'" + value + "' is negative; give a duration such as 500ms, 2s or 1m");
      }
      return d;
    }
  }
}
