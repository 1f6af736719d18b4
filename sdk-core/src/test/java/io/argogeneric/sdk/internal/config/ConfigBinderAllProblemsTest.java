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
package io.argogeneric.sdk.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every mistake of a config in one refusal: binding goes on past the first, then validate runs. */
class ConfigBinderAllProblemsTest {

  enum Mode {
    FAST,
    SLOW
  }

  record Endpoint(@JsonProperty(required = true) String host, int port) {}

  record Range(int from, int to) {
    Range {
      if (from > to) {
        throw new IllegalArgumentException("from " + from + " is after to " + to);
      }
    }
  }

  record Server(
      @JsonProperty(required = true) String name,
      Duration every,
      int count,
      Mode mode,
      List<Endpoint> endpoints,
      Map<String, Endpoint> named,
      Map<String, Duration> timeouts,
      Integer retries,
      @JsonAlias("zone") String timezone,
      Range range,
      Flags flags) {}

  /** A POJO with setters, and a nested class that ignores unknown keys. */
  public static final class Flags {
    private boolean verbose;
    private List<String> tags;
    private Lax lax;

    public void setVerbose(boolean verbose) {
      this.verbose = verbose;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }

    public void setLax(Lax lax) {
      this.lax = lax;
    }

    boolean verbose() {
      return verbose;
    }

    List<String> tags() {
      return tags;
    }

    Lax lax() {
      return lax;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Lax(int level) {}

  /** What validate was handed, and the problems it adds. */
  private final List<Server> validated = new ArrayList<>();

  private final ConfigBinder<Server> binder =
      new ConfigBinder<>(
          Server.class,
          1 << 20,
          (server, errors) -> {
            validated.add(server);
            if (server.timezone() != null && server.timezone().startsWith("Mars/")) {
              errors.add("timezone", "unknown time zone '" + server.timezone() + "'");
            }
            if (server.endpoints() != null) {
              for (int i = 0; i < server.endpoints().size(); i++) {
                Endpoint e = server.endpoints().get(i);
                if (e != null && e.port() > 65535) {
                  errors.add("endpoints[" + i + "].port", "must be at most 65535");
                }
              }
            }
          });

  private ConfigException refusal(String text) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> binder.bind(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(e).as("refused: %s", text).isNotNull();
    return e;
  }

  private static List<String> lines(ConfigException e) {
    return e.problems().stream().map(ConfigException.Problem::toString).toList();
  }

  @Test
  @DisplayName(
      "an unknown key, a missing required field and a wrong type: one refusal names all three, then validate's own")
  void unknownKeyMissingFieldAndWrongTypeAtOnce() {
    ConfigException e = refusal("evry: 5s\ncount: many\ntimezone: Mars/Base\n");
    assertThat(lines(e))
        .containsExactly(
            "evry: unknown key 'evry'; did you mean 'every'?",
            "count: cannot use 'many': must be a whole number",
            "name: is required",
            "timezone: unknown time zone 'Mars/Base'");
    assertThat(e.getMessage())
        .isEqualTo(
            "evry: unknown key 'evry'; did you mean 'every'?; count: cannot use 'many': must be a"
                + " whole number; name: is required; timezone: unknown time zone 'Mars/Base'");
    assertThat(validated)
        .as("validate ran on what did bind; the fields that failed are absent or default")
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isNull();
              assertThat(s.count()).isZero();
              assertThat(s.every()).isNull();
              assertThat(s.timezone()).isEqualTo("Mars/Base");
            });
  }

  @Test
  @DisplayName("problems inside nested objects, lists and maps carry their full paths")
  void nestedPaths() {
    ConfigException e =
        refusal(
            """
            name: a
            endpoints:
              - {host: a, port: 1}
              - {hots: b, port: 2}
              - {host: c, port: eighty}
              - {host: d, port: 70000}
            named:
              main: {host: m, prot: 1}
              spare: [x]
            timeouts: {read: 10, write: 5s, close: soon}
            retries: lots
            flags: {verbose: maybe, tags: [a, [b]], lax: {level: 2, anything: 1}, colour: red}
            """);
    assertThat(lines(e))
        .containsExactly(
            "endpoints[1].hots: unknown key 'hots'; did you mean 'host'?",
            "endpoints[1].host: is required",
            "endpoints[2].port: cannot use 'eighty': must be a whole number",
            "named.main.prot: unknown key 'prot'; did you mean 'port'?",
            "named.spare: must be a mapping of keys to values",
            "timeouts.read: time: missing unit in duration \"10\" (use e.g. 10s, 5m, 1h30m)",
            "timeouts.close: time: invalid duration \"soon\" (use e.g. 10s, 5m, 1h30m)",
            "retries: cannot use 'lots': must be a whole number",
            "flags.verbose: cannot use 'maybe': must be true or false",
            "flags.tags[1]: must be a string",
            "flags.colour: unknown key 'colour'; known keys: [lax, tags, verbose]",
            "endpoints[3].port: must be at most 65535");
    Server seen = validated.get(0);
    assertThat(seen.endpoints())
        .as("a list element that failed is null; the others keep their places")
        .hasSize(4)
        .satisfies(l -> assertThat(l.get(0)).isEqualTo(new Endpoint("a", 1)))
        .satisfies(l -> assertThat(l.get(2)).isEqualTo(new Endpoint("c", 0)))
        .satisfies(l -> assertThat(l.get(3)).isEqualTo(new Endpoint("d", 70000)));
    assertThat(seen.endpoints().get(1)).isEqualTo(new Endpoint(null, 2));
    assertThat(seen.timeouts()).containsOnly(Map.entry("write", Duration.ofSeconds(5)));
    assertThat(seen.named()).containsOnlyKeys("main");
    assertThat(seen.flags().tags()).containsExactly("a", null);
    assertThat(seen.flags().lax().level()).isEqualTo(2);
  }

  @Test
  @DisplayName("an alias is a known key; a close enum constant is suggested")
  void aliasesAndEnums() throws Exception {
    assertThat(binder.bind("{name: a, zone: UTC, mode: slow}".getBytes(StandardCharsets.UTF_8)))
        .satisfies(s -> assertThat(s.timezone()).isEqualTo("UTC"))
        .satisfies(s -> assertThat(s.mode()).isEqualTo(Mode.SLOW));
    assertThat(refusal("{name: a, endpoints: [{host: a}, {hots: b, port: x}]}").getMessage())
        .as("docs/config-binding.md's example")
        .isEqualTo(
            "endpoints[1].hots: unknown key 'hots'; did you mean 'host'?; endpoints[1].port: cannot"
                + " use 'x': must be a whole number; endpoints[1].host: is required");
    assertThat(lines(refusal("{name: a, mode: fats}")))
        .containsExactly(
            "mode: cannot use 'fats': must be one of [FAST, SLOW]; did you mean 'FAST'?");
  }

  @Test
  @DisplayName("what YAML refuses in single values is listed with the binding's problems")
  void yamlValueProblemsJoinTheList() {
    assertThat(lines(refusal("name: !custom x\nretries: .inf\nevery: 1s\nevery: 2s\nmode: fats\n")))
        .containsExactly(
            "name: uses the YAML tag '!custom' at line 1; only plain values are allowed",
            "retries: '.inf' is not a finite number",
            "every: is given twice (line 4)",
            "mode: cannot use 'fats': must be one of [FAST, SLOW]; did you mean 'FAST'?");
    assertThat(validated).singleElement().satisfies(s -> assertThat(s.every()).hasSeconds(1));
  }

  @Test
  @DisplayName(
      "a constructor that throws is that field's problem, beside the others; validate still runs")
  void constructorFailureBesideOtherProblems() {
    ConfigException e = refusal("name: a\nrange: {from: 5, to: 1}\ncount: x\n");
    assertThat(lines(e))
        .containsExactly(
            "count: cannot use 'x': must be a whole number", "range: from 5 is after to 1");
    assertThat(validated).singleElement().satisfies(s -> assertThat(s.range()).isNull());
  }

  @Test
  @DisplayName(
      "validate throwing over a value that did not bind adds nothing; alone it is reported")
  void validateThrowingOverAbsentValues() {
    ConfigBinder<Server> npe =
        new ConfigBinder<>(
            Server.class,
            1 << 20,
            (s, errors) -> {
              errors.add("every", "checked " + s.name().length());
            });
    assertThat(
            catchThrowableOfType(
                    ConfigException.class,
                    () -> npe.bind("every: 1s\nevry: 1s".getBytes(StandardCharsets.UTF_8)))
                .getMessage())
        .isEqualTo("evry: unknown key 'evry'; did you mean 'every'?; name: is required");
    assertThat(
            catchThrowableOfType(
                    ConfigException.class,
                    () -> npe.bind("name: ab".getBytes(StandardCharsets.UTF_8)))
                .getMessage())
        .isEqualTo("every: checked 2");
  }

  @Test
  @DisplayName(
      "a config with very many mistakes: 20 in the message, then how many more; 100 kept; quick")
  void manyMistakesAreCapped() {
    StringBuilder text = new StringBuilder("name: a\n");
    for (int i = 0; i < 5000; i++) {
      text.append("unknown").append(i).append(": ").append(i).append('\n');
    }
    long t0 = System.nanoTime();
    ConfigException e = refusal(text.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.problems()).hasSize(Problems.MAX_KEPT);
    assertThat(e.unlistedProblems()).isEqualTo(5000 - Problems.MAX_KEPT);
    assertThat(e.getMessage())
        .hasSizeLessThanOrEqualTo(1000)
        .startsWith("unknown0: unknown key 'unknown0'; known keys: [")
        .matches(".*; \\.\\.\\. and \\d+ more")
        .doesNotContain("\n");
    int shown = e.getMessage().split("; unknown").length;
    assertThat(shown).isBetween(2, 20);
    assertThat(e.getMessage()).endsWith("; ... and " + (5000 - shown) + " more");
  }

  @Test
  @DisplayName(
      "text outside ASCII is three bytes a character in gRPC's trailer: the message stays within 2,000 UTF-8 bytes")
  void nonAsciiMessagesStayWithinTheTrailerLimit() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < 30; i++) {
      text.append("\"").append("\u754c".repeat(200)).append(i).append("\": 1, ");
    }
    text.append("\"count\": \"x\"}");
    ConfigException e = refusal(text.toString());
    assertThat(e.problems()).hasSize(32);
    assertThat(e.getMessage().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2000);
    assertThat(e.getMessage()).matches(".*; \\.\\.\\. and \\d+ more");
  }

  @Test
  @DisplayName("a long problem is cut, and the others still follow it")
  void longProblemLeavesRoomForTheRest() {
    String key = "k".repeat(5000);
    ConfigException e = refusal("{\"" + key + "\": 1, \"count\": \"x\"}");
    assertThat(e.getMessage())
        .hasSizeLessThanOrEqualTo(1000)
        .endsWith("; count: cannot use 'x': must be a whole number; name: is required");
  }
}
