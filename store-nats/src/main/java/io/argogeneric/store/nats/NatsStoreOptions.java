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
package io.argogeneric.store.nats;

import io.argogeneric.sdk.config.GoDuration;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code nats://} store URI says: the servers, and in its query the names, limits,
 * credentials and TLS files. Secrets are never in the URI itself, only paths to files holding them,
 * so they stay off command lines and out of process listings.
 */
record NatsStoreOptions(
    List<String> servers,
    String prefix,
    String stream,
    String bucket,
    int replicas,
    Duration maxAge,
    long maxBytes,
    Duration timeout,
    Path creds,
    Path tokenFile,
    String user,
    Path passwordFile,
    boolean tls,
    Path tlsCa,
    Path tlsCert,
    Path tlsKey) {

  static final String DEFAULT_PREFIX = "argogeneric";
  static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  static final long DEFAULT_MAX_BYTES = 1L << 30;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Query parameters this store reads; any other one is a mistake worth stopping for. */
  static final Set<String> PARAMETERS =
      Set.of(
          "prefix",
          "stream",
          "bucket",
          "replicas",
          "max-age",
          "max-bytes",
          "timeout",
          "creds",
          "token-file",
          "user",
          "password-file",
          "tls",
          "tls-ca",
          "tls-cert",
          "tls-key");

  /** A stream or bucket name, also a subject token: no dots, wildcards or spaces. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+");

  /**
   * Reads {@code location}, e.g. {@code
   * nats://a:4222,b:4222?replicas=3&creds=/etc/nats/user.creds}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static NatsStoreOptions parse(URI location) {
    if (!"nats".equalsIgnoreCase(location.getScheme())) {
      throw bad(location, "the scheme must be nats");
    }
    String authority = location.getRawAuthority();
    if (authority == null || authority.isBlank()) {
      throw bad(location, "name the server, e.g. nats://nats.example:4222");
    }
    if (authority.contains("@")) {
      throw bad(
          location,
          "no credentials in the URI (they would show on the command line): use creds=FILE,"
              + " token-file=FILE, or user=NAME&password-file=FILE");
    }
    String path = location.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw bad(location, "no path after the servers; options go in the query (?replicas=3&...)");
    }
    List<String> servers = new ArrayList<>();
    for (String hostPort : authority.split(",")) {
      if (!HOST_PORT.matcher(hostPort).matches()) {
        throw bad(location, "not a host[:port]: '" + hostPort + "'");
      }
      servers.add("nats://" + (hostPort.matches(".*:\\d+$") ? hostPort : hostPort + ":4222"));
    }
    Map<String, String> query = query(location);
    String prefix = query.getOrDefault("prefix", DEFAULT_PREFIX);
    String stream = query.getOrDefault("stream", prefix + "-outbox");
    String bucket = query.getOrDefault("bucket", prefix + "-state");
    Map<String, String> names = new LinkedHashMap<>();
    names.put("prefix", prefix); // first: a bad prefix makes bad default names too
    names.put("stream", stream);
    names.put("bucket", bucket);
    for (var e : names.entrySet()) {
      if (!NAME.matcher(e.getValue()).matches()) {
        throw bad(
            location,
            e.getKey()
                + "="
                + e.getValue()
                + " must be 1 to 64 of the characters A-Z a-z 0-9 _ - (it names NATS streams and"
                + " subjects)");
      }
    }
    int replicas = intParam(location, query, "replicas", 1);
    if (replicas < 1 || replicas > 5) {
      throw bad(location, "replicas=" + replicas + " must be 1 to 5 (JetStream's range)");
    }
    Duration maxAge = durationParam(location, query, "max-age", DEFAULT_MAX_AGE);
    Duration timeout = durationParam(location, query, "timeout", DEFAULT_TIMEOUT);
    long maxBytes = DEFAULT_MAX_BYTES;
    if (query.containsKey("max-bytes")) {
      maxBytes = longParam(location, query, "max-bytes");
      if (maxBytes < 1 && maxBytes != -1) {
        throw bad(location, "max-bytes=" + maxBytes + " must be positive, or -1 for no limit");
      }
    }
    String user = query.get("user");
    Path passwordFile = pathParam(query, "password-file");
    if ((user == null) != (passwordFile == null)) {
      throw bad(location, "user= and password-file= go together");
    }
    Path creds = pathParam(query, "creds");
    Path tokenFile = pathParam(query, "token-file");
    int auths = (creds != null ? 1 : 0) + (tokenFile != null ? 1 : 0) + (user != null ? 1 : 0);
    if (auths > 1) {
      throw bad(location, "use one of creds=, token-file= and user=/password-file=");
    }
    Path tlsCert = pathParam(query, "tls-cert");
    Path tlsKey = pathParam(query, "tls-key");
    if ((tlsCert == null) != (tlsKey == null)) {
      throw bad(location, "tls-cert= and tls-key= (a client certificate and its key) go together");
    }
    Path tlsCa = pathParam(query, "tls-ca");
    boolean tls = tlsCa != null || tlsCert != null;
    if (query.containsKey("tls")) {
      String v = query.get("tls");
      if (!v.equals("true") && !v.equals("false")) {
        throw bad(location, "tls=" + v + " must be true or false");
      }
      if (v.equals("false") && tls) {
        throw bad(location, "tls=false with tls-ca/tls-cert: drop one of them");
      }
      tls = v.equals("true");
    }
    return new NatsStoreOptions(
        List.copyOf(servers),
        prefix,
        stream,
        bucket,
        replicas,
        maxAge,
        maxBytes,
        timeout,
        creds,
        tokenFile,
        user,
        passwordFile,
        tls,
        tlsCa,
        tlsCert,
        tlsKey);
  }

  /** The subject of the outbox events; an identity adds its token as the last one. */
  String subjectRoot() {
    return prefix + ".outbox";
  }

  private static Map<String, String> query(URI location) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = location.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!PARAMETERS.contains(key)) {
        throw bad(
            location,
            "unknown option '"
                + key
                + "' (known: "
                + String.join(", ", new java.util.TreeSet<>(PARAMETERS))
                + ")");
      }
      if (out.put(key, value) != null) {
        throw bad(location, "option '" + key + "' given twice");
      }
      if (value.isEmpty()) {
        throw bad(location, "option '" + key + "' needs a value");
      }
    }
    return out;
  }

  private static Path pathParam(Map<String, String> query, String name) {
    String v = query.get(name);
    return v == null ? null : Path.of(v);
  }

  private static int intParam(URI location, Map<String, String> query, String name, int dflt) {
    String v = query.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw bad(location, name + "=" + v + " is not a whole number");
    }
  }

  private static long longParam(URI location, Map<String, String> query, String name) {
    String v = query.get(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw bad(location, name + "=" + v + " is not a whole number of bytes");
    }
  }

  private static Duration durationParam(
      URI location, Map<String, String> query, String name, Duration dflt) {
    String v = query.get(name);
    if (v == null) {
      return dflt;
    }
    Duration d;
    try {
      d = GoDuration.parse(v);
    } catch (IllegalArgumentException e) {
      throw bad(location, name + "=" + v + " is not a duration such as 30s, 24h or 168h");
    }
    if (d.isNegative() || d.isZero()) {
      throw bad(location, name + "=" + v + " must be positive");
    }
    return d;
  }

  private static IllegalArgumentException bad(URI location, String why) {
    return new IllegalArgumentException("--store " + redacted(location) + ": " + why);
  }

  /** The URI without its user info, which may hold a password by mistake. */
  static String redacted(URI location) {
    String s = location.toString();
    String auth = location.getRawAuthority();
    if (auth != null && auth.contains("@")) {
      s = s.replace(auth, "***@" + auth.substring(auth.lastIndexOf('@') + 1));
    }
    return s;
  }
}
