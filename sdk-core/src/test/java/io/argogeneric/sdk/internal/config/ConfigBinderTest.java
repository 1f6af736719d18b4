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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {

  enum Mode {
    FAST,
    SLOW
  }

  record Schedule(@JsonProperty(required = true) String cron, String timezone) {}

  record Config(
      @JsonProperty(required = true) String name,
      Duration every,
      int count,
      Mode mode,
      List<Schedule> schedules,
      Map<String, String> metadata) {}

  private static final ConfigBinder<Config> BINDER =
      new ConfigBinder<>(Config.class, 4096, ConfigBinderTest::validate);

  static void validate(Config c, ConfigErrors errors) {
    if (c.schedules() != null) {
      for (int i = 0; i < c.schedules().size(); i++) {
        String tz = c.schedules().get(i).timezone();
        if (tz != null && !ZoneId.getAvailableZoneIds().contains(tz)) {
          errors.add("schedules[" + i + "].timezone", "unknown time zone '" + tz + "'");
        }
      }
    }
    if (c.count() < 0) {
      errors.add("count", "must not be negative");
    }
  }

  private static Config bind(String text) throws ConfigException {
    return BINDER.bind(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String error(String text) {
    try {
      bind(text);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a config error for: " + text);
  }

  @Test
  @DisplayName("YAML and JSON bind to the same typed config, with Go durations")
  void yamlAndJson() throws Exception {
    Config yaml = bind("name: a\nevery: 1h30m\ncount: 3\nmode: slow\nmetadata: {team: x, n: 5}\n");
    Config json =
        bind(
            "{\"name\":\"a\",\"every\":\"1h30m\",\"count\":3,\"mode\":\"SLOW\",\"metadata\":{\"team\":\"x\",\"n\":\"5\"}}");
    assertThat(yaml).isEqualTo(json);
    assertThat(yaml.every()).isEqualTo(Duration.ofMinutes(90));
    assertThat(yaml.metadata()).containsEntry("n", "5");
  }

  @Test
  @DisplayName("an error inside a list names the full path")
  void pathInList() {
    String msg =
        error(
            "name: a\nschedules:\n  - {cron: '* * * * *'}\n  - {cron: '0 9 * * *', timezone: Europe/Parris}\n");
    assertThat(msg).isEqualTo("schedules[1].timezone: unknown time zone 'Europe/Parris'");
  }

  @Test
  @DisplayName("every cross-field problem is reported at once")
  void allProblems() {
    String msg = error("name: a\ncount: -1\nschedules: [{cron: x, timezone: Mars/Base}]");
    assertThat(msg)
        .contains("schedules[0].timezone: unknown time zone 'Mars/Base'")
        .contains("count: must not be negative");
  }

  @Test
  @DisplayName("an unknown key is named, with the close known key suggested")
  void unknownKey() {
    assertThat(error("name: a\nevry: 5s\n"))
        .isEqualTo("evry: unknown key 'evry'; did you mean 'every'?");
    assertThat(error("name: a\nschedules: [{cron: x, timezon: UTC}]"))
        .startsWith("schedules[0].timezon: unknown key 'timezon'; did you mean 'timezone'?");
  }

  @Test
  @DisplayName("a missing required field is named")
  void missingRequired() {
    assertThat(error("count: 1\n")).isEqualTo("name: is required");
    assertThat(error("nmae: a\n"))
        .isEqualTo("nmae: unknown key 'nmae'; did you mean 'name'?; name: is required");
    assertThat(error("name: a\nschedules: [{timezone: UTC}]"))
        .isEqualTo("schedules[0].cron: is required");
  }

  @Test
  @DisplayName("an empty config where fields are required says which")
  void emptyConfig() {
    assertThat(error("")).isEqualTo("name: is required");
    assertThat(error("   \n# only a comment\n")).isEqualTo("name: is required");
  }

  @Test
  @DisplayName("bad values say what was expected")
  void badValues() {
    assertThat(error("name: a\nevery: 10\n"))
        .startsWith("every: time: missing unit in duration \"10\" (use e.g. 10s, 5m, 1h30m)");
    assertThat(error("name: a\nevery: soon\n"))
        .startsWith("every: time: invalid duration \"soon\"");
    assertThat(error("name: a\ncount: many\n"))
        .startsWith("count: cannot use 'many': must be a whole number");
    assertThat(error("name: a\nmode: turbo\n"))
        .startsWith("mode: cannot use 'turbo': must be one of [FAST, SLOW]");
    assertThat(error("name: a\nschedules: {cron: x}\n")).startsWith("schedules: must be a list");
  }

  @Test
  @DisplayName("text that is not YAML says where it breaks")
  void syntaxError() {
    assertThat(error("name: [a\n"))
        .startsWith("config: is not valid YAML or JSON")
        .contains("line");
    assertThat(error("name: a\nname: b\n")).isEqualTo("name: is given twice (line 2)");
  }

  @Test
  @DisplayName("hostile input: too large, not UTF-8, several documents")
  void hostileShapes() {
    assertThat(error("name: " + "x".repeat(5000)))
        .isEqualTo("config: is 5006 bytes, over the limit of 4096");
    byte[] latin1 = "name: caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> BINDER.bind(latin1))
        .hasMessage("config: is not valid UTF-8 (bad byte at offset 9)");
    assertThat(error("name: a\n---\nname: b\n")).contains("more than one YAML document");
  }

  @Test
  @DisplayName("a YAML tag that names a Java class is refused, and nothing is constructed")
  void javaTags() {
    assertThat(
            error(
                "name: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]"))
        .contains("Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager");
    assertThat(error("name: !custom x")).contains("YAML tag '!custom'");
  }

  @Test
  @DisplayName("an alias bomb is refused quickly")
  void aliasBomb() {
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i < 25; i++) { // 48 aliases: under snakeyaml's limit of 50, yet 2^24 values
      bomb.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    ConfigBinder<Config> large = new ConfigBinder<>(Config.class, 1 << 20, null);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> large.bind(bomb.toString().getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("more than 100000 values");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    String classic =
        "lol1: &l1 [a,a,a,a,a,a,a,a,a]\n"
            + "lol2: &l2 [*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1]\n"
            + "lol3: &l3 [*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2]\n"
            + "lol4: &l4 [*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3]\n"
            + "lol5: &l5 [*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4]\n"
            + "lol6: &l6 [*l5,*l5,*l5,*l5,*l5,*l5,*l5,*l5,*l5]\n";
    assertThatThrownBy(() -> large.bind(classic.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("more than 100000 values");
  }

  @Test
  @DisplayName(
      "aliases that repeat one large string are refused by the size they expand to, not only by node count")
  void aliasesRepeatingALargeString() throws Exception {
    // issue 18.1: 15,000 references to one 60 KB string, 210 KB of text, under the node limit; it
    // bound cheaply (the string is shared) and then any serialisation of it wrote 900 MB
    StringBuilder yaml =
        new StringBuilder("name: &big ").append("x".repeat(60_000)).append("\nmetadata:\n");
    for (int i = 0; i < 15_000; i++) {
      yaml.append("  k").append(i).append(": *big\n");
    }
    ConfigBinder<Config> large =
        new ConfigBinder<>(Config.class, ConfigBinder.DEFAULT_MAX_BYTES, null);
    byte[] raw = yaml.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(raw.length).isLessThan(ConfigBinder.DEFAULT_MAX_BYTES / 3);
    assertThatThrownBy(() -> large.bind(raw))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config: expands to more than 1048576 characters of keys and values (aliases repeating large parts?); refused");
    // what an alias is for still works: a value shared a few times, the expansion under the limit
    String shared = "name: &n " + "y".repeat(10_000) + "\nmetadata: {a: *n, b: *n, c: *n}";
    assertThat(large.bind(shared.getBytes(StandardCharsets.UTF_8)).metadata()).hasSize(3);
  }

  @Test
  @DisplayName("metric tags name fields of the config class, never keys a client made up")
  void metricFieldsComeFromTheClass() {
    assertThat(BINDER.metricField("")).isEqualTo("(config)");
    assertThat(BINDER.metricField("every")).isEqualTo("every");
    assertThat(BINDER.metricField("schedules[12].timezone")).isEqualTo("schedules[].timezone");
    assertThat(BINDER.metricField("metadata")).isEqualTo("metadata");
    assertThat(BINDER.metricField("metadata.anything")).as("a map entry").isEqualTo("(other)");
    assertThat(BINDER.metricField("evrey")).as("an unknown key").isEqualTo("(other)");
    assertThat(BINDER.metricField("x".repeat(40_000))).isEqualTo("(other)");
  }

  @Test
  @DisplayName(
      "JSON configs parse as JSON, with the same refusals; a very long YAML line is refused")
  void jsonPathAndLongLines() throws Exception {
    assertThat(bind("  {\"name\": \"a\", \"every\": \"2s\"}").every())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(error("{\"name\": \"a\", \"name\": \"b\"}"))
        .isEqualTo("name: is given twice (line 1)");
    assertThat(bind("{name: a, every: 3s}").every())
        .as("a YAML flow mapping is not JSON, but fine")
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(error("{\"name\": \"a\"} {}"))
        .startsWith("config: is not valid YAML or JSON: text after the JSON object");
    assertThat(
            error("{\"name\": \"a\", \"schedules\": [{\"cron\": \"x\", \"timezone\": \"a\\nb\"}]}"))
        .as("control characters from the config are escaped: the message stays one line")
        .isEqualTo("schedules[0].timezone: unknown time zone 'a\\nb'");
    assertThat(error("{\"name\": \"a\", \"metadata\": " + "[".repeat(60) + "]".repeat(60) + "}"))
        .startsWith("config: is refused")
        .containsIgnoringCase("nesting depth");
    ConfigBinder<Config> large = new ConfigBinder<>(Config.class, 1 << 20, null);
    String longYaml = "name: " + "x".repeat(70_000);
    assertThatThrownBy(() -> large.bind(longYaml.getBytes(StandardCharsets.UTF_8)))
        .hasMessage(
            "config: line 1 is longer than 65536 characters; write long values as JSON, or split them across lines");
    String longJson = "{\"name\": \"" + "x".repeat(900_000) + "\"}";
    assertThat(large.bind(longJson.getBytes(StandardCharsets.UTF_8)).name()).hasSize(900_000);
  }

  @Test
  @DisplayName("deep nesting is refused")
  void deepNesting() {
    String deep = "name: a\nmetadata: " + "[".repeat(200) + "]".repeat(200);
    assertThat(error(deep)).containsIgnoringCase("nesting");
  }
}
