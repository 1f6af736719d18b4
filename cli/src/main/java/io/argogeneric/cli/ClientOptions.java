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
package io.argogeneric.cli;

import io.argogeneric.sdk.config.GoDuration;
import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The command line as picocli binds it; {@link #toSettings} checks the rules across flags. */
@Command(
    name = "argo-client",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Behaves like the Argo Events 'generic' eventsource client: dials HOST:PORT, calls",
      "StartEventSource(EventSource{name, config}), wraps each event exactly as Argo does and prints it",
      "as one JSON line on stdout (the bytes Argo would put on the event bus). Diagnostics go to stderr.",
      "After any stream end or failure it waits --retry and dials again, forever, unless --count or",
      "--duration stops it.",
      ""
    },
    footer = {
      "",
      "Differences from Argo's client:",
      "  * The first dial happens at once; Argo waits for its first 5 s tick.",
      "  * After a stream ends it always waits --retry; Argo redials on its next ticker tick, which may be",
      "    at once when the stream lasted longer than 5 s (Go keeps one missed tick).",
      "  * --tls works; Argo's 'insecure: false' sets no credentials and cannot dial at all.",
      "  * Printing to stdout stands in for dispatching to the event bus.",
      "",
      "Exit codes:",
      "  0  --count events printed, or --duration elapsed without --count",
      "  1  --duration elapsed before --count events were printed, or stdout failed",
      "  2  bad command line (a one-line error on stderr)"
    })
final class ClientOptions {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--url",
      paramLabel = "HOST:PORT",
      description = "Server address, as Argo's 'url' (a gRPC target).")
  String url;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Event name, sent as EventSource.name.")
  String name;

  @Option(
      names = "--config",
      paramLabel = "TEXT",
      description = "Config text, sent as EventSource.config bytes (UTF-8).")
  String config;

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      description = "Read the config bytes from FILE instead.")
  Path configFile;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Bearer token, sent as 'authorization: Bearer TOKEN'.")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Read the token from FILE on every dial (one trailing newline is dropped, as Argo does).")
  Path tokenFile;

  @Option(names = "--tls", description = "Use TLS (default: plaintext, Argo's 'insecure: true').")
  boolean tls;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "Trust only the CA certificates in PEM (needs --tls; default: the JDK's trust store).")
  Path caFile;

  @Option(
      names = "--authority",
      paramLabel = "HOST",
      description = "Override the :authority header and the TLS host name to verify.")
  String authority;

  @Option(
      names = "--json-body",
      description = "Embed each payload as raw JSON (Argo's 'jsonBody: true'); default base64.")
  boolean jsonBody;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description =
          "Add KEY=VALUE to every event's metadata, as Argo's 'metadata' map (repeatable).")
  List<String> metadata = new ArrayList<>();

  @Option(
      names = "--retry",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "5s",
      description =
          "Wait between a stream's end and the next dial (Go syntax: 500ms, 5s, 1m; default ${DEFAULT-VALUE}).")
  Duration retry;

  @Option(names = "--count", paramLabel = "N", description = "Exit 0 after printing N events.")
  Integer count;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after DURATION; exit 0, or 1 when --count was given and not reached.")
  Duration duration;

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Checks the rules across flags and reads the files named on the command line. */
  Settings toSettings(CommandLine commandLine) {
    require(commandLine, url != null && !url.isBlank(), "--url HOST:PORT is required");
    require(
        commandLine, name != null && !name.isEmpty(), "--name is required and must not be empty");
    require(
        commandLine,
        config == null || configFile == null,
        "give --config or --config-file, not both");
    require(
        commandLine, token == null || tokenFile == null, "give --token or --token-file, not both");
    require(commandLine, caFile == null || tls, "--ca-file needs --tls");
    require(
        commandLine,
        retry.compareTo(Duration.ZERO) > 0,
        "--retry must be positive, got " + GoDuration.format(retry));
    require(
        commandLine,
        duration == null || duration.compareTo(Duration.ZERO) > 0,
        "--duration must be positive, got "
            + (duration == null ? "" : GoDuration.format(duration)));
    require(commandLine, count == null || count > 0, "--count must be at least 1, got " + count);
    require(
        commandLine, authority == null || !authority.isBlank(), "--authority must not be empty");

    byte[] configBytes;
    if (configFile != null) {
      configBytes = readFile(commandLine, configFile, "--config-file");
    } else {
      require(commandLine, config != null, "--config TEXT or --config-file FILE is required");
      configBytes = config.getBytes(StandardCharsets.UTF_8);
    }
    // Argo's validation refuses an empty config before it ever dials.
    require(
        commandLine,
        configBytes.length > 0,
        "the config must not be empty (Argo refuses an empty config)");

    Settings.TokenSource tokenSource;
    if (token != null) {
      String problem = Settings.TokenSource.problemWith(token);
      require(commandLine, problem == null, "--token: " + problem);
      tokenSource = new Settings.TokenSource.Literal(token);
    } else if (tokenFile != null) {
      tokenSource = new Settings.TokenSource.File(tokenFile);
      try {
        tokenSource.read();
      } catch (IOException e) {
        throw new ParameterException(commandLine, "--token-file: " + oneLine(e));
      }
    } else {
      tokenSource = new Settings.TokenSource.None();
    }

    ChannelCredentials credentials = tls ? tlsCredentials(commandLine) : Settings.plaintext();
    String transportName = tls ? (caFile != null ? "TLS, CA " + caFile : "TLS") : "plaintext";

    Settings settings =
        new Settings(
            url,
            name,
            configBytes,
            tokenSource,
            credentials,
            transportName,
            authority,
            jsonBody,
            parseMetadata(commandLine),
            retry,
            count,
            duration);
    try {
      // Building a channel does not connect; it rejects a target grpc cannot resolve at all.
      settings.newChannel().shutdownNow();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--url " + url + ": " + oneLine(e));
    }
    return settings;
  }

  private Map<String, String> parseMetadata(CommandLine commandLine) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String entry : metadata) {
      int eq = entry.indexOf('=');
      require(
          commandLine,
          eq > 0,
          "--metadata expects KEY=VALUE with a non-empty KEY, got '" + entry + "'");
      String key = entry.substring(0, eq);
      require(commandLine, !result.containsKey(key), "--metadata key '" + key + "' is given twice");
      result.put(key, entry.substring(eq + 1));
    }
    return Collections.unmodifiableMap(result);
  }

  private ChannelCredentials tlsCredentials(CommandLine commandLine) {
    if (caFile == null) {
      return TlsChannelCredentials.create();
    }
    byte[] pem = readFile(commandLine, caFile, "--ca-file");
    try (InputStream in = new ByteArrayInputStream(pem)) {
      require(
          commandLine,
          !CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty(),
          "--ca-file " + caFile + ": no certificate found");
      return TlsChannelCredentials.newBuilder().trustManager(new ByteArrayInputStream(pem)).build();
    } catch (CertificateException | IOException e) {
      throw new ParameterException(
          commandLine, "--ca-file " + caFile + ": not a PEM certificate (" + oneLine(e) + ")");
    }
  }

  private static byte[] readFile(CommandLine commandLine, Path file, String flag) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParameterException(
          commandLine, flag + ": cannot read " + file + " (" + oneLine(e) + ")");
    }
  }

  private static void require(CommandLine commandLine, boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(commandLine, message);
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NoSuchFileException) {
      message = "no such file";
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      message = "permission denied";
    }
    return oneLine(message);
  }

  static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", "; ").trim();
  }
}
