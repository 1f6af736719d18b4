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

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

class ConfigToolsTest {
  @TempDir Path dir;

  /** What one run of the tools printed and returned. */
  record Run(Integer exit, String out, String err) {}

  static Run run(EventingServer<?> plugin, String... args) {
    ToolOptions opts = new ToolOptions();
    new CommandLine(opts).parseArgs(args); // the real annotations, as the launcher mixes them in
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Integer exit =
        ConfigTools.runIfRequested(
            plugin,
            opts,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  /** An EventSource "schedules" with an hourly and a daily entry holding these configs. */
  private static String schedules(String hourlyConfig, String dailyConfig) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: schedules
        spec:
          generic:
            hourly:
              url: schedule-plugin.argo-events.svc:8080
              insecure: true
              config: |-
        %s
            daily:
              url: schedule-plugin.argo-events.svc:8080
              insecure: true
              config: |-
        %s
        """
        .formatted(hourlyConfig.indent(8).stripTrailing(), dailyConfig.indent(8).stripTrailing());
  }

  @Test
  void noToolFlagMeansServe() {
    assertThat(run(new SchedulePlugin()).exit()).isNull();
  }

  @Test
  void twoToolsAtOnceOrAStrayUrlAreRefused() {
    Run both = run(new SchedulePlugin(), "--print-config-schema", "--print-eventsource", "x");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("give one of");
    Run url = run(new SchedulePlugin(), "--url", "a:1");
    assertThat(url.exit()).isEqualTo(2);
    assertThat(url.err()).contains("--url goes with --print-eventsource");
  }

  // --- --check-config on bare configs

  @Test
  void validBareConfigPasses() throws Exception {
    Path f =
        write(
            "config.yaml",
            "schedule: '0 * * * *'\nevery: 1m\ntargets:\n  - url: http://a\n    timeout: 2s\n");
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("config is valid");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void bareConfigErrorsAreReportedWithTheirPaths() throws Exception {
    Path f =
        write(
            "config.yaml", "schedule: x\nevery: 1m\ntargets:\n  - url: http://a\n    timeot: 2s\n");
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(f + ": targets[0].timeot: unknown key 'timeot'; did you mean 'timeout'?")
        .contains("1 error in " + f);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void bareConfigIsValidatedByThePlugin() throws Exception {
    Path f = write("config.json", "{\"schedule\": \"x\", \"every\": \"-5s\"}");
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("every: must be positive, got PT-5S");
  }

  @Test
  void unreadableFileIsAnError() {
    Run r = run(new SchedulePlugin(), "--check-config", dir.resolve("missing.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read").contains("missing.yaml");
  }

  // --- --check-config on manifests

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: token
      stringData:
        token: abc
      """;

  @Test
  void typoedKeyInAManifestIsReportedWithItsPathAndExitCode2() throws Exception {
    Path f =
        write(
            "eventsource.yaml",
            SECRET
                + "---\n"
                + schedules(
                    "schedule: \"0 * * * *\"\nevery: 1h",
                    "schedule: \"0 0 * * *\"\nevery: 24h\ntimezon: Europe/Paris"));
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            f
                + ": spec.generic.daily.config: timezon: unknown key 'timezon'; did you mean 'timezone'?")
        .doesNotContain("spec.generic.hourly");
  }

  @Test
  void validManifestPassesAndNamesHowManyConfigsItChecked() throws Exception {
    Path f =
        write(
            "eventsource.yaml",
            schedules(
                "{\"schedule\": \"0 * * * *\", \"every\": \"1h\", \"mode\": \"slow\"}",
                "schedule: \"0 0 * * *\"\nevery: 24h"));
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("2 configs valid");
  }

  @Test
  void manifestEntriesArgoWouldRefuseAreErrorsAndPluginValidationRuns() throws Exception {
    Path f =
        write(
            "eventsource.yaml",
            """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: a
        spec:
          generic:
            noconfig:
              url: x:8080
              insecure: true
            nourl:
              insecure: true
              config: "schedule: x\\nevery: 1s"
            mapping:
              url: x:8080
              insecure: true
              config:
                schedule: x
            negative:
              url: x:8080
              insecure: true
              config: |-
                schedule: x
                every: -1s
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: b
        spec:
          generic:
            plaintext:
              url: x:8080
              config: "schedule: x\\nevery: 1s"
        """);
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "EventSource a: spec.generic.noconfig.config: is missing or empty; Argo refuses the entry")
        .contains("EventSource a: spec.generic.nourl.url: is missing")
        .contains("EventSource a: spec.generic.mapping.config: must be a string")
        .contains("EventSource a: spec.generic.negative.config: every: must be positive")
        .contains("warning: EventSource b: spec.generic.plaintext.insecure: is not true")
        .contains("4 errors in " + f);
  }

  @Test
  void everyProblemOfEveryEntryIsPrintedAtOnce() throws Exception {
    Path f =
        write(
            "eventsource.yaml",
            schedules(
                "every: 1h\nretries: often\ntargets: [{url: http://a, timeout: 2s}]",
                "schedule: \"0 0 * * *\"\nevery: -24h\ntargets: [{url: http://b, timeot: 2s}]"));
    Run r = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            f + ": spec.generic.hourly.config: retries: cannot use 'often': must be a whole number",
            f + ": spec.generic.hourly.config: schedule: is required",
            f
                + ": spec.generic.daily.config: targets[0].timeot: unknown key 'timeot'; did you"
                + " mean 'timeout'?",
            f + ": spec.generic.daily.config: every: must be positive, got PT-24H",
            "4 errors in " + f);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void kubernetesObjectsWithoutAnEventSourceAreAnError() throws Exception {
    Run r = run(new SchedulePlugin(), "--check-config", write("secret.yaml", SECRET).toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no EventSource");
  }

  // --- --print-eventsource

  @Test
  void printedEventSourceIsReadyAndPassesItsOwnCheck() throws Exception {
    Run r = run(new SchedulePlugin(), "--print-eventsource", "ticks");
    assertThat(r.exit()).isEqualTo(0);
    Map<String, Object> m = new Yaml().load(r.out());
    assertThat(m)
        .containsEntry("apiVersion", "argoproj.io/v1alpha1")
        .containsEntry("kind", "EventSource");
    Map<?, ?> entry =
        (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) m.get("spec")).get("generic")).get("ticks");
    assertThat(entry.get("url")).isEqualTo("schedule-plugin.argo-events.svc:8080");
    assertThat(entry.get("insecure")).isEqualTo(true);
    assertThat(entry.get("jsonBody")).isEqualTo(true);
    assertThat(entry.get("authSecret"))
        .isEqualTo(Map.of("name", "schedule-plugin-token", "key", "token"));
    assertThat((String) entry.get("config"))
        .contains("schedule: example")
        .contains("every: 10s")
        .contains("timezone: UTC");

    Path f = write("printed.yaml", r.out());
    Run check = run(new SchedulePlugin(), "--check-config", f.toString());
    assertThat(check.err()).isEmpty();
    assertThat(check.exit()).isEqualTo(0);
  }

  @Test
  void printedEventSourceTakesTheUrlAndThePluginsOwnExample() {
    EventingServer<SchedulePlugin.Config> custom =
        new SchedulePlugin() {
          @Override
          public String exampleConfig() {
            return "schedule: \"30 6 * * 1-5\"\nevery: 24h\ntargets:\n  - url: http://hooks\n";
          }
        };
    Run r = run(custom, "--print-eventsource", "weekdays", "--url", "ticker.team-a.svc:9000");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("url: ticker.team-a.svc:9000")
        .contains(
            "      config: |-\n        schedule: \"30 6 * * 1-5\"\n        every: 24h\n        targets:\n          - url: http://hooks\n")
        .doesNotContain("fill in");
  }

  @Test
  void anExampleThatDoesNotValidateIsFlaggedInTheManifest() {
    EventingServer<SchedulePlugin.Config> custom =
        new SchedulePlugin() {
          @Override
          public String exampleConfig() {
            return "schedule: x";
          }
        };
    Run r = run(custom, "--print-eventsource", "x");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("# fill in: the example config does not validate yet: every: is required");
  }

  @Test
  void badEventNameIsRefused() {
    Run r = run(new SchedulePlugin(), "--print-eventsource", "a b: c");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("event name 'a b: c'");
  }

  @Test
  void serverNamesFollowTheClassName() {
    assertThat(ConfigTools.serverName(new example.HelloEventSource()))
        .isEqualTo("hello-eventsource");
    assertThat(ConfigTools.serverName(new SchedulePlugin())).isEqualTo("schedule-plugin");
  }

  /** A class whose name the old --help spelled differently ("my-event-source.jar"). */
  static final class MyEventSource extends SchedulePlugin {}

  /** The one name: --help's jar, --print-eventsource's Service and Secret. */
  private static void helpAndManifestAgree(EventingServer<?> plugin, String name) {
    String usage = io.argogeneric.sdk.internal.runtime.ServerLauncher.usageMessage(plugin);
    assertThat(usage).contains("Usage: java -jar " + name + ".jar ");
    Run r = run(plugin, "--print-eventsource", "ticks");
    assertThat(r.err()).isEmpty();
    Map<?, ?> entry =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((Map<?, ?>) new Yaml().<Map<?, ?>>load(r.out()).get("spec")).get("generic"))
                .get("ticks");
    assertThat(entry.get("url")).isEqualTo(name + ".argo-events.svc:8080");
    assertThat(entry.get("authSecret")).isEqualTo(Map.of("name", name + "-token", "key", "token"));
  }

  @Test
  void helpAndPrintedEventSourceUseOneNameFromTheClass() {
    helpAndManifestAgree(new MyEventSource(), "my-eventsource");
    helpAndManifestAgree(new SchedulePlugin(), "schedule-plugin");
  }

  @Test
  void theJarManifestNamesTheServer() throws Exception {
    Path jar = dir.resolve("ticker.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue(ConfigTools.MANIFEST_NAME, "ticker-bridge");
    String entry = JarPlugin.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        InputStream in = JarPlugin.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    try (URLClassLoader loader = new OwnClassFirst(jar, JarPlugin.class.getName())) {
      EventingServer<?> plugin =
          (EventingServer<?>)
              loader.loadClass(JarPlugin.class.getName()).getDeclaredConstructor().newInstance();
      assertThat(plugin.getClass().getClassLoader()).as("loaded from the jar").isSameAs(loader);
      assertThat(ConfigTools.serverName(plugin)).isEqualTo("ticker-bridge");
      helpAndManifestAgree(plugin, "ticker-bridge");
    }
    assertThat(ConfigTools.serverName(new JarPlugin()))
        .as("from classes: the class name")
        .isEqualTo("jar-plugin");
  }

  /** Defines one class from its jar (with the jar as its code source); the rest from the parent. */
  private static final class OwnClassFirst extends URLClassLoader {
    private final String own;

    OwnClassFirst(Path jar, String own) throws Exception {
      super(new URL[] {jar.toUri().toURL()}, OwnClassFirst.class.getClassLoader());
      this.own = own;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(own)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }
  }

  @Test
  void secretNameFlagNamesTheSecret() {
    Run r =
        run(
            new SchedulePlugin(),
            "--print-eventsource",
            "ticks",
            "--secret-name",
            "argo-events-token.v2");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("      authSecret:\n        name: argo-events-token.v2\n        key: token\n")
        .contains("url: schedule-plugin.argo-events.svc:8080");

    Run bad =
        run(new SchedulePlugin(), "--print-eventsource", "ticks", "--secret-name", "Team_Token");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err())
        .contains("--secret-name: the Secret name 'Team_Token' is not a Kubernetes name");

    Run alone = run(new SchedulePlugin(), "--secret-name", "x");
    assertThat(alone.exit()).isEqualTo(2);
    assertThat(alone.err()).contains("--secret-name goes with --print-eventsource");
  }

  /** A class name that makes no Service name. */
  static final class Ticker_V2 extends SchedulePlugin {}

  @Test
  void aServerNameKubernetesRefusesIsAnErrorNotAManifest() {
    Run r = run(new Ticker_V2(), "--print-eventsource", "ticks");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("the server's name 'ticker_v2'")
        .contains("not a Kubernetes Service name");

    Run named =
        run(
            new Ticker_V2(),
            "--print-eventsource",
            "ticks",
            "--url",
            "ticker.x.svc:8080",
            "--secret-name",
            "t");
    assertThat(named.err()).isEmpty();
    assertThat(named.out()).contains("url: ticker.x.svc:8080").contains("        name: t\n");
  }

  // --- example configs

  /** A config with nothing required. */
  static final class Optional extends EventingServer<Optional.Config> {
    record Config(String name, int count) {}

    Optional() {
      super(Config.class);
    }

    @Override
    public void start(StreamContext<Config> stream) {}
  }

  @Test
  void derivedExamplesBindAndAreNeverEmpty() throws Exception {
    String example = new SchedulePlugin().exampleConfig();
    SchedulePlugin.Config bound =
        new ConfigBinder<>(SchedulePlugin.Config.class, 1 << 20, null)
            .bind(example.getBytes(StandardCharsets.UTF_8));
    assertThat(bound.schedule()).isEqualTo("example");
    assertThat(bound.timezone()).isEqualTo("UTC");
    assertThat(new Optional().exampleConfig()).isEqualTo("{}");
  }

  // --- --print-config-schema

  @Test
  void schemaIsPrintedAsJson() throws Exception {
    Run r = run(new SchedulePlugin(), "--print-config-schema");
    assertThat(r.exit()).isEqualTo(0);
    JsonNode schema = ConfigBinder.configMapper().readTree(r.out());
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("title").asText()).isEqualTo("schedule-plugin config");
    assertThat(schema.get("required")).hasSize(2);
  }
}
