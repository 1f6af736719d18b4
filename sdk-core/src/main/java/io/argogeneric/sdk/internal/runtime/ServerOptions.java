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

import io.argogeneric.sdk.config.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The flags every server built on the SDK accepts. Each one also reads an environment variable
 * (named in its description), so a Kubernetes manifest can use either; a flag wins over the
 * variable. docs/operations.md lists them; {@code --help} prints them with their defaults.
 */
final class ServerOptions {

  @Option(
      names = "--port",
      defaultValue = "${env:EVENTSOURCE_PORT:-8080}",
      paramLabel = "PORT",
      description =
          "gRPC port; 0 picks a free one (the log says which). Env EVENTSOURCE_PORT. Default: ${DEFAULT-VALUE}.")
  public int port;

  @Option(
      names = "--bind",
      defaultValue = "${env:EVENTSOURCE_BIND:-0.0.0.0}",
      paramLabel = "ADDRESS",
      description = "Address to listen on. Env EVENTSOURCE_BIND. Default: ${DEFAULT-VALUE}.")
  public String bind;

  @Option(
      names = "--admin-port",
      defaultValue = "${env:EVENTSOURCE_ADMIN_PORT:--1}",
      paramLabel = "PORT",
      description =
          "HTTP port for /metrics, /healthz and /readyz; -1 turns it off, 0 picks a free one. "
              + "Env EVENTSOURCE_ADMIN_PORT. Default: ${DEFAULT-VALUE}.")
  public int adminPort;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "${env:EVENTSOURCE_SHUTDOWN_GRACE:-10s}",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a shutdown lets buffered events flush before ending streams with UNAVAILABLE. "
              + "Env EVENTSOURCE_SHUTDOWN_GRACE. Default: ${DEFAULT-VALUE}.")
  public Duration shutdownGrace;

  @Option(
      names = "--auth-token-file",
      defaultValue = "${env:EVENTSOURCE_AUTH_TOKEN_FILE}",
      paramLabel = "FILE",
      description =
          "File of bearer tokens, one per line, that StartEventSource calls must present; re-read when it "
              + "changes. Unset: no auth. Env EVENTSOURCE_AUTH_TOKEN_FILE.")
  public Path authTokenFile;

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:EVENTSOURCE_TLS_CERT}",
      paramLabel = "FILE",
      description =
          "PEM certificate chain for gRPC TLS (needs --tls-key); reloaded when it changes. Env EVENTSOURCE_TLS_CERT.")
  public Path tlsCert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:EVENTSOURCE_TLS_KEY}",
      paramLabel = "FILE",
      description = "PEM private key for gRPC TLS. Env EVENTSOURCE_TLS_KEY.")
  public Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      defaultValue = "${env:EVENTSOURCE_TLS_CLIENT_CA}",
      paramLabel = "FILE",
      description =
          "PEM CA certificates; when set, clients must present a certificate it signed (mTLS). "
              + "Env EVENTSOURCE_TLS_CLIENT_CA.")
  public Path tlsClientCa;

  @Option(
      names = "--store",
      defaultValue = "${env:EVENTSOURCE_STORE}",
      paramLabel = "STORE",
      description =
          "Where positions and outboxes are kept: memory (they survive reconnects and takeovers, not a "
              + "restart), a directory path or file:DIR (files: they survive restarts and kill -9), or a URI "
              + "that a store module on the class path opens. Env EVENTSOURCE_STORE. Default: memory.")
  public String store;

  @Option(
      names = "--outbox-dir",
      defaultValue = "${env:EVENTSOURCE_OUTBOX_DIR}",
      paramLabel = "DIR",
      description = "Same as --store DIR (its earlier name). Env EVENTSOURCE_OUTBOX_DIR.")
  public Path outboxDir;

  @Option(
      names = "--memory-store-max-identities",
      defaultValue = "${env:EVENTSOURCE_MEMORY_STORE_MAX_IDENTITIES:-10000}",
      paramLabel = "N",
      description =
          "With --store memory: most identities (event name and config) whose streams ended whose last "
              + "position is remembered; the least recently used is forgotten first. "
              + "Env EVENTSOURCE_MEMORY_STORE_MAX_IDENTITIES. Default: ${DEFAULT-VALUE}.")
  public int memoryStoreMaxIdentities;

  /** The --store value, with --outbox-dir as its alias. */
  String storeSpec() {
    return store != null ? store : outboxDir != null ? outboxDir.toString() : "memory";
  }

  @Option(
      names = "--max-streams",
      defaultValue = "${env:EVENTSOURCE_MAX_STREAMS:-10000}",
      paramLabel = "N",
      description =
          "Most streams open at once; more get RESOURCE_EXHAUSTED. Env EVENTSOURCE_MAX_STREAMS. Default: ${DEFAULT-VALUE}.")
  public int maxStreams;

  @Option(
      names = "--max-streams-per-peer",
      defaultValue = "${env:EVENTSOURCE_MAX_STREAMS_PER_PEER:-1000}",
      paramLabel = "N",
      description =
          "Most streams open at once from one client address. Env EVENTSOURCE_MAX_STREAMS_PER_PEER. "
              + "Default: ${DEFAULT-VALUE}.")
  public int maxStreamsPerPeer;

  @Option(
      names = "--max-buffered-bytes-total",
      defaultValue = "${env:EVENTSOURCE_MAX_BUFFERED_BYTES_TOTAL:-0}",
      paramLabel = "BYTES",
      description =
          "Most event bytes all streams may buffer together for clients that read slower than plugins emit; "
              + "over it, a stream holding events applies its overflow policy. 0: a quarter of the maximum heap (-Xmx). "
              + "Env EVENTSOURCE_MAX_BUFFERED_BYTES_TOTAL. Default: ${DEFAULT-VALUE}.")
  public long maxBufferedBytesTotal;

  @Option(
      names = "--max-config-bytes",
      defaultValue = "${env:EVENTSOURCE_MAX_CONFIG_BYTES:-1048576}",
      paramLabel = "BYTES",
      description =
          "Largest config (and so inbound message) accepted. Env EVENTSOURCE_MAX_CONFIG_BYTES. Default: ${DEFAULT-VALUE}.")
  public int maxConfigBytes;

  @Option(
      names = "--keepalive-time",
      defaultValue = "${env:EVENTSOURCE_KEEPALIVE_TIME:-30s}",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Ping each idle connection this often, so proxies keep it and dead clients are found. "
              + "Env EVENTSOURCE_KEEPALIVE_TIME. Default: ${DEFAULT-VALUE}.")
  public Duration keepAliveTime;

  @Option(
      names = "--keepalive-timeout",
      defaultValue = "${env:EVENTSOURCE_KEEPALIVE_TIMEOUT:-20s}",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "A ping unanswered this long closes the connection and ends its streams. "
              + "Env EVENTSOURCE_KEEPALIVE_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  public Duration keepAliveTimeout;

  @Option(
      names = "--log-format",
      defaultValue = "${env:EVENTSOURCE_LOG_FORMAT:-text}",
      paramLabel = "FORMAT",
      description =
          "text or json (one JSON object per line). Env EVENTSOURCE_LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
  public LogFormat logFormat;

  /** Log line formats. */
  public enum LogFormat {
    text,
    json
  }

  /** Checks what picocli's types cannot. */
  void validate() {
    check(port >= 0 && port <= 65535, "--port must be 0..65535: " + port);
    check(adminPort >= -1 && adminPort <= 65535, "--admin-port must be -1..65535: " + adminPort);
    check(maxStreams > 0, "--max-streams must be positive: " + maxStreams);
    check(maxStreamsPerPeer > 0, "--max-streams-per-peer must be positive: " + maxStreamsPerPeer);
    check(
        maxBufferedBytesTotal >= 0,
        "--max-buffered-bytes-total must not be negative: " + maxBufferedBytesTotal);
    check(
        store == null || outboxDir == null || Path.of(store).equals(outboxDir),
        "--store and --outbox-dir (its earlier name) differ: " + store + " and " + outboxDir);
    check(
        memoryStoreMaxIdentities >= 0,
        "--memory-store-max-identities must not be negative: " + memoryStoreMaxIdentities);
    check(maxConfigBytes > 0, "--max-config-bytes must be positive: " + maxConfigBytes);
    check(
        !shutdownGrace.isNegative(),
        "--shutdown-grace must not be negative: " + GoDuration.format(shutdownGrace));
    check(
        keepAliveTime.compareTo(Duration.ofSeconds(10)) >= 0,
        "--keepalive-time must be at least 10s: " + GoDuration.format(keepAliveTime));
    check(
        !keepAliveTimeout.isNegative() && !keepAliveTimeout.isZero(),
        "--keepalive-timeout must be positive: " + GoDuration.format(keepAliveTimeout));
    check((tlsCert == null) == (tlsKey == null), "--tls-cert and --tls-key go together");
    check(tlsClientCa == null || tlsCert != null, "--tls-client-ca needs --tls-cert and --tls-key");
    readable("--auth-token-file", authTokenFile);
    readable("--tls-cert", tlsCert);
    readable("--tls-key", tlsKey);
    readable("--tls-client-ca", tlsClientCa);
  }

  private static void readable(String flag, Path file) {
    // a directory is readable too, but it is not a token or PEM file
    check(
        file == null
            || (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.isReadable(file)),
        flag + ": cannot read file " + file);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Go-style durations on the command line, as in configs. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return GoDuration.parse(value);
    }
  }
}
