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
package io.argogeneric.sdk.internal.tooling;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.config.ConfigException;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The authoring tools behind {@link ToolOptions}: print the config schema, print a ready
 * EventSource manifest, check configs (bare or inside manifests) the way a stream binds them.
 */
public final class ConfigTools {
  /** Exit code for a config (or tool input) with errors, as for a bad flag. */
  public static final int EXIT_ERRORS = 2;

  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /**
   * The jar manifest entry that names the server: its build sets it to the jar's name (the
   * archetype's pom: the artifactId), which the Deployment, Service and Secret also carry.
   */
  public static final String MANIFEST_NAME = "Eventsource-Server-Name";

  private ConfigTools() {}

  /**
   * Runs the tool {@code opts} asks for.
   *
   * @return null when no tool flag was given (serve as usual); else the exit code: 0 ok, 2 errors
   */
  public static Integer runIfRequested(
      EventingServer<?> plugin, ToolOptions opts, PrintStream out, PrintStream err) {
    int requested =
        (opts.printConfigSchema ? 1 : 0)
            + (opts.printEventSource != null ? 1 : 0)
            + (opts.checkConfig != null ? 1 : 0);
    if (requested == 0) {
      if (opts.url != null || opts.secretName != null) {
        err.println(
            "error: "
                + (opts.url != null ? "--url" : "--secret-name")
                + " goes with --print-eventsource");
        return EXIT_ERRORS;
      }
      return null;
    }
    if (requested > 1) {
      err.println("error: give one of --print-config-schema, --print-eventsource, --check-config");
      return EXIT_ERRORS;
    }
    if (opts.printConfigSchema) {
      return printSchema(plugin, out);
    }
    if (opts.printEventSource != null) {
      return printEventSource(plugin, opts.printEventSource, opts.url, opts.secretName, out, err);
    }
    return checkConfig(plugin, opts.checkConfig, opts.maxConfigBytes, out, err);
  }

  static int printSchema(EventingServer<?> plugin, PrintStream out) {
    try {
      out.println(
          ConfigBinder.configMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(
                  ConfigSchema.of(plugin.configType(), serverName(plugin) + " config")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write a JSON tree", e); // a tree of plain nodes always writes
    }
    return 0;
  }

  static int printEventSource(
      EventingServer<?> plugin,
      String name,
      String url,
      String secretName,
      PrintStream out,
      PrintStream err) {
    if (!EVENT_NAME.matcher(name).matches()) {
      err.println(
          "error: --print-eventsource: event name '"
              + name
              + "' must be letters, digits, '-', '_' or '.'");
      return EXIT_ERRORS;
    }
    String server = serverName(plugin);
    if (url == null && !DNS_LABEL.matcher(server).matches()) {
      err.println(
          "error: --print-eventsource: the server's name '"
              + server
              + "' (the jar manifest's "
              + MANIFEST_NAME
              + ", else the class name) is not a Kubernetes Service name: lower-case letters, digits "
              + "and '-', at most 63; set "
              + MANIFEST_NAME
              + " in the pom, or give --url and --secret-name");
      return EXIT_ERRORS;
    }
    String secret = secretName == null ? server + "-token" : secretName;
    if (!DNS_SUBDOMAIN.matcher(secret).matches() || secret.length() > 253) {
      err.println(
          "error: --"
              + (secretName == null ? "print-eventsource" : "secret-name")
              + ": the Secret name '"
              + secret
              + "' is not a Kubernetes name: lower-case letters, digits, '-' and '.', at most 253"
              + (secretName == null ? "; give --secret-name" : ""));
      return EXIT_ERRORS;
    }
    String example = plugin.exampleConfig();
    if (example == null || example.isBlank()) {
      example = "{}"; // Argo refuses a generic entry whose config is empty
    }
    List<String> problems =
        bindProblems(
            plugin, example.getBytes(StandardCharsets.UTF_8), ConfigBinder.DEFAULT_MAX_BYTES);
    StringBuilder y = new StringBuilder();
    y.append("# Argo EventSource for ")
        .append(plugin.getClass().getSimpleName())
        .append(
            ", printed by --print-eventsource. Check it with --check-config before applying it.\n");
    y.append("apiVersion: argoproj.io/v1alpha1\n");
    y.append("kind: EventSource\n");
    y.append("metadata:\n");
    y.append("  name: ").append(dnsName(name)).append('\n');
    y.append("  namespace: argo-events\n");
    y.append("spec:\n");
    y.append("  generic:\n");
    y.append("    ").append(name).append(":\n");
    y.append("      url: ")
        .append(url == null ? server + ".argo-events.svc:8080" : url)
        .append('\n');
    y.append(
        "      # Argo's client can only dial plaintext: with insecure: false it sets no transport credentials\n");
    y.append("      insecure: true\n");
    y.append("      jsonBody: true\n");
    y.append(
        "      # the bearer token the server checks (--auth-token-file); drop both when the server runs without one\n");
    y.append("      authSecret:\n");
    y.append("        name: ").append(secret).append('\n');
    y.append("        key: token\n");
    for (String p : problems) {
      y.append("      # fill in: the example config does not validate yet: ")
          .append(p)
          .append('\n');
    }
    y.append("      config: |-\n");
    for (String line : example.stripTrailing().split("\n", -1)) {
      y.append(line.isEmpty() ? "" : "        " + line).append('\n');
    }
    out.print(y);
    out.flush();
    return 0;
  }

  static int checkConfig(
      EventingServer<?> plugin, Path file, int maxBytes, PrintStream out, PrintStream err) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      err.println("error: --check-config: cannot read " + file + ": " + e.getMessage());
      return EXIT_ERRORS;
    }
    List<Map<?, ?>> manifests = kubernetesObjects(raw);
    List<String> errors = new ArrayList<>();
    int checked = 0;
    if (manifests == null) {
      for (String p : bindProblems(plugin, raw, maxBytes)) {
        errors.add(p);
      }
      checked = 1;
    } else {
      List<Map<?, ?>> eventSources =
          manifests.stream().filter(m -> "EventSource".equals(m.get("kind"))).toList();
      if (eventSources.isEmpty()) {
        errors.add("holds Kubernetes objects but no EventSource");
      }
      for (Map<?, ?> es : eventSources) {
        String where = eventSources.size() > 1 ? "EventSource " + metadataName(es) + ": " : "";
        Object spec = es.get("spec");
        Object generic = spec instanceof Map<?, ?> s ? s.get("generic") : null;
        if (!(generic instanceof Map<?, ?> entries) || entries.isEmpty()) {
          errors.add(where + "spec.generic: has no entries; nothing to check");
          continue;
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
          String prefix = where + "spec.generic." + entry.getKey();
          checked++;
          if (!(entry.getValue() instanceof Map<?, ?> e)) {
            errors.add(prefix + ": must be a mapping with url and config");
            continue;
          }
          if (!(e.get("url") instanceof String u) || u.isBlank()) {
            errors.add(
                prefix + ".url: is missing; Argo refuses the entry (server url can't be empty)");
          }
          if (Boolean.FALSE.equals(e.get("insecure")) || e.get("insecure") == null) {
            err.println(
                "warning: "
                    + prefix
                    + ".insecure: is not true; Argo's client then sets no transport"
                    + " credentials and cannot dial (see docs/troubleshooting.md)");
          }
          Object config = e.get("config");
          if (config == null || (config instanceof String s && s.isEmpty())) {
            errors.add(
                prefix
                    + ".config: is missing or empty; Argo refuses the entry (config can't be empty)");
            continue;
          }
          if (!(config instanceof String text)) {
            errors.add(
                prefix
                    + ".config: must be a string (write config: |- and the config indented below it)");
            continue;
          }
          for (String p : bindProblems(plugin, text.getBytes(StandardCharsets.UTF_8), maxBytes)) {
            errors.add(prefix + ".config: " + p);
          }
        }
      }
    }
    for (String e : errors) {
      err.println(file + ": " + e);
    }
    if (!errors.isEmpty()) {
      err.println(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in " + file);
      return EXIT_ERRORS;
    }
    out.println(
        file
            + ": "
            + (manifests == null
                ? "config is valid"
                : checked + (checked == 1 ? " config" : " configs") + " valid"));
    return 0;
  }

  /**
   * Each problem of {@code raw} as {@code path: message}, one line each, bound and validated
   * exactly as a stream does: all of them, not only the first.
   */
  static List<String> bindProblems(EventingServer<?> plugin, byte[] raw, int maxBytes) {
    try {
      binder(plugin, maxBytes).bind(raw);
      return List.of();
    } catch (ConfigException e) {
      List<String> problems = new ArrayList<>();
      e.problems().forEach(p -> problems.add(p.toString()));
      if (e.unlistedProblems() > 0) {
        problems.add("config: ... and " + e.unlistedProblems() + " more problems");
      }
      return problems;
    }
  }

  private static <C> ConfigBinder<C> binder(EventingServer<C> plugin, int maxBytes) {
    return new ConfigBinder<>(plugin.configType(), maxBytes, plugin::validate);
  }

  /**
   * The documents of {@code raw} when it holds Kubernetes objects (each with apiVersion and kind);
   * null when it is a bare config, which the binder then judges on its own terms.
   */
  private static List<Map<?, ?>> kubernetesObjects(byte[] raw) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Map<?, ?>> objects = new ArrayList<>();
    try {
      for (Object doc :
          new Yaml(new SafeConstructor(options)).loadAll(new String(raw, StandardCharsets.UTF_8))) {
        if (doc instanceof Map<?, ?> m
            && m.get("apiVersion") instanceof String
            && m.get("kind") instanceof String) {
          objects.add(m);
        } else if (doc != null) {
          return null;
        }
      }
    } catch (YAMLException e) {
      return null; // the binder reports what is wrong with it, with its own limits
    }
    return objects.isEmpty() ? null : objects;
  }

  private static String metadataName(Map<?, ?> object) {
    return object.get("metadata") instanceof Map<?, ?> m && m.get("name") != null
        ? String.valueOf(m.get("name"))
        : "(unnamed)";
  }

  /**
   * The server's one name: its jar is {@code NAME.jar} ({@code --help}'s usage line), its Service
   * {@code NAME} and its Secret {@code NAME-token} ({@code --print-eventsource}). It is the {@link
   * #MANIFEST_NAME} entry of the manifest of the jar the plugin class comes from; without one (run
   * from classes, as in tests) the class name: {@code HelloEventSource} gives {@code
   * hello-eventsource}.
   */
  public static String serverName(EventingServer<?> plugin) {
    Class<?> type = plugin.getClass();
    while (type.isAnonymousClass()) {
      type = type.getSuperclass();
    }
    String named = manifestName(type);
    if (named != null) {
      return named;
    }
    return type.getSimpleName()
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .toLowerCase(Locale.ROOT)
        .replace("event-source", "eventsource")
        .replace("event-server", "eventsource");
  }

  /**
   * The name the manifest of {@code type}'s jar gives; null when it comes from a directory or has
   * none.
   */
  static String manifestName(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null
          || source.getLocation() == null
          || !"file".equals(source.getLocation().getProtocol())) {
        return null;
      }
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return null; // a classes directory
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        Manifest manifest = jar.getManifest();
        String name =
            manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_NAME);
        return name == null || name.isBlank() ? null : name.trim();
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return null; // unreadable: the class name still names the server
    }
  }

  private static String dnsName(String name) {
    String s =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "eventsource" : s;
  }
}
