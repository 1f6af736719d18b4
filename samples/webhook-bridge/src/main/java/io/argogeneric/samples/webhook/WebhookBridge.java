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
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
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

  @Option(names = "--http-port", defaultValue = "${env:WEBHOOK_HTTP_PORT:-12000}", paramLabel = "PORT",
      converter = PortConverter.class,
      description = "Default HTTP port of endpoints whose config sets none; 0 picks a free one. "
          + "Env WEBHOOK_HTTP_PORT. Default: ${DEFAULT-VALUE}.")
  private int httpPort = 12000;

  @Option(names = "--http-bind", defaultValue = "${env:WEBHOOK_HTTP_BIND:-0.0.0.0}", paramLabel = "ADDRESS",
      description = "Address the HTTP listeners bind. Env WEBHOOK_HTTP_BIND. Default: ${DEFAULT-VALUE}.")
  private String httpBind = "0.0.0.0";

  @ArgGroup(exclusive = false, multiplicity = "0..1")
  private Tls tls;

  @Option(names = "--http-endpoint-grace", defaultValue = "${env:WEBHOOK_HTTP_ENDPOINT_GRACE:-60s}",
      paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long an endpoint whose stream ended answers 503 (retry) before it answers 404. "
          + "Env WEBHOOK_HTTP_ENDPOINT_GRACE. Default: ${DEFAULT-VALUE}.")
  private Duration endpointGrace = Duration.ofSeconds(60);

  @Option(names = "--http-accept-timeout", defaultValue = "${env:WEBHOOK_HTTP_ACCEPT_TIMEOUT:-2s}",
      paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long a request waits for room in a full stream buffer before it is answered 503. "
          + "Env WEBHOOK_HTTP_ACCEPT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  private Duration acceptTimeout = Duration.ofSeconds(2);

  /** Both TLS files or neither: picocli refuses one alone at start. */
  static final class Tls {
    @Option(names = "--http-tls-cert", required = true, paramLabel = "FILE", converter = CertFile.class,
        description = "PEM certificate chain: the HTTP listeners serve HTTPS only (needs --http-tls-key).")
    Path cert;

    @Option(names = "--http-tls-key", required = true, paramLabel = "FILE", converter = KeyFile.class,
        description = "PEM private key in PKCS#8 ('BEGIN PRIVATE KEY') for --http-tls-cert.")
    Path key;
  }

  private final Map<Integer, HttpListener> listeners = new ConcurrentHashMap<>();

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

  WebhookBridge withTls(Path cert, Path key) {
    this.tls = new Tls();
    tls.cert = cert;
    tls.key = key;
    return this;
  }

  /** The port the listener for {@code configuredPort} is bound to; -1 when it is not open. */
  int boundHttpPort(int configuredPort) {
    HttpListener l = listeners.get(configuredPort);
    return l == null ? -1 : l.port();
  }

  /** The port the default listener ({@code --http-port}) is bound to; -1 when it is not open. */
  int boundHttpPort() {
    return boundHttpPort(httpPort);
  }

  // ---- the plugin ----

  @Override
  public StreamSettings streamSettings() {
    // a request must learn whether its event was taken, so that a 503 makes its sender retry
    return StreamSettings.defaults().withOverflowPolicy(OverflowPolicy.BLOCK).withBlockTimeout(acceptTimeout);
  }

  @Override
  public void validate(WebhookConfig c, ConfigErrors errors) {
    String endpoint = c.endpoint();
    if (endpoint != null) {
      if (!endpoint.startsWith("/")) {
        errors.add("endpoint", "must start with '/': " + quoteShort(endpoint));
      } else if (endpoint.chars().anyMatch(ch -> ch == '?' || ch == '#' || Character.isWhitespace(ch))) {
        errors.add("endpoint", "must be a plain path without '?', '#' or spaces");
      } else if (endpoint.equals(HttpListener.HEALTH_PATH)) {
        errors.add("endpoint", "/health is reserved for the health check");
      }
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
    if (c.authToken() != null && c.authToken().isBlank()) {
      errors.add("authToken", "must not be empty");
    }
    if (c.maxPayloadSize() != null && (c.maxPayloadSize() < 1 || c.maxPayloadSize() > MAX_PAYLOAD_SIZE)) {
      errors.add("maxPayloadSize", "must be 1.." + MAX_PAYLOAD_SIZE
          + " (Argo's client refuses events of 4 MiB or more): " + c.maxPayloadSize());
    }
  }

  @Override
  public void start(StreamContext<WebhookConfig> stream) {
    WebhookConfig config = stream.config();
    if (config.authTokenFile() != null && !Files.isReadable(config.authTokenFile())) {
      stream.end(Status.INVALID_ARGUMENT.withDescription(
          "authTokenFile: cannot read " + config.authTokenFile() + " on the bridge's host"));
      return;
    }
    int port = config.port() != null ? config.port() : httpPort;
    HttpListener listener;
    try {
      listener = stream.shared("http:" + port, HttpListener.class, () -> openListener(port));
    } catch (UncheckedIOException e) {
      stream.end(Status.UNAVAILABLE.withDescription(WebhookPayload.oneLine(e.getCause().getMessage())));
      return;
    }
    listener.declare(stream);
    stream.onStop(() -> listener.release(stream));
  }

  private HttpListener openListener(int port) {
    try {
      SslContextFactory.Server ssl = tls == null ? null : PemFiles.tls(tls.cert, tls.key);
      HttpListener opened = new HttpListener(httpBind, port, ssl, endpointGrace, () -> listeners.remove(port));
      listeners.put(port, opened);
      return opened;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoteShort(String s) {
    String t = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    return "'" + t + "'";
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

  /** Picocli: durations written as in configs: 500ms, 2s, 1m, 1h. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.trim());
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a duration such as 500ms, 2s, 1m or 1h");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }
}
