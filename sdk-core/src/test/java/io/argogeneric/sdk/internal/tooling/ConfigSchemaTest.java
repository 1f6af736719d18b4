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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argogeneric.sdk.config.ConfigException;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  private final ObjectNode schema = ConfigSchema.of(SchedulePlugin.Config.class, "t");
  private final JsonNode props = schema.get("properties");

  @Test
  void describesTypesRequiredFieldsAndDescriptions() {
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(schema.get("description").asText()).isEqualTo("When and how to tick.");
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    assertThat(names(schema.get("required"))).containsExactly("schedule", "every");
    assertThat(props.get("schedule").get("type").asText()).isEqualTo("string");
    assertThat(props.get("schedule").get("description").asText())
        .isEqualTo("A cron expression, e.g. '0 * * * *'.");
    assertThat(props.get("verbose").get("description").asText()).isEqualTo("Log every tick.");
    assertThat(props.get("verbose").get("type").asText()).isEqualTo("boolean");
    assertThat(props.get("retries").get("type").asText()).isEqualTo("integer");
  }

  @Test
  void givesDeclaredAndPrimitiveDefaults() {
    assertThat(props.get("timezone").get("default").asText()).isEqualTo("UTC");
    assertThat(props.get("retries").get("default").asInt()).isZero();
    assertThat(props.get("verbose").get("default").asBoolean()).isFalse();
    assertThat(props.get("every").has("default")).isFalse();
  }

  @Test
  void enumsListTheirValues() {
    assertThat(names(props.get("mode").get("enum"))).containsExactly("FAST", "SLOW");
  }

  @Test
  void durationsAreGoDurationStrings() {
    JsonNode every = props.get("every");
    assertThat(every.get("type").asText()).isEqualTo("string");
    Pattern p = Pattern.compile(every.get("pattern").asText());
    for (String ok : List.of("10s", "1h30m", "250ms", "1.5h", "0", "-5s", "PT1H", "2h45m30.5s")) {
      assertThat(p.matcher(ok).find()).as(ok).isTrue();
    }
    for (String bad : List.of("10", "soon", "1d", "", "10 s")) {
      assertThat(p.matcher(bad).find()).as(bad).isFalse();
    }
  }

  @Test
  void nestedRecordsListsAndMaps() {
    JsonNode targets = props.get("targets");
    assertThat(targets.get("type").asText()).isEqualTo("array");
    assertThat(targets.get("items").get("$ref").asText()).isEqualTo("#/$defs/Target");
    JsonNode target = schema.get("$defs").get("Target");
    assertThat(target.get("description").asText()).isEqualTo("Where each tick is also announced.");
    assertThat(names(target.get("required"))).containsExactly("url");
    assertThat(target.get("additionalProperties").asBoolean()).isFalse();
    assertThat(target.get("properties").get("timeout").get("pattern").asText())
        .isEqualTo(ConfigSchema.DURATION_PATTERN);
    JsonNode metadata = props.get("metadata");
    assertThat(metadata.get("type").asText()).isEqualTo("object");
    assertThat(metadata.get("additionalProperties").get("type").asText()).isEqualTo("string");
  }

  /** The schema's property names are exactly the keys the binder accepts. */
  @Test
  void schemaAgreesWithTheBinder() throws Exception {
    ConfigBinder<SchedulePlugin.Config> binder =
        new ConfigBinder<>(SchedulePlugin.Config.class, 1 << 20, null);
    StringBuilder every = new StringBuilder("every: 1s\nschedule: x\n");
    for (String name : names(props.fieldNames())) {
      if (!name.equals("every") && !name.equals("schedule")) {
        every.append(name).append(": null\n");
      }
    }
    binder.bind(every.toString().getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> binder.bind("every: 1s\nschedule: x\nextra: 1".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("extra: unknown key");
    assertThatThrownBy(() -> binder.bind("every: 1s".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schedule: is required");
  }

  /** A config class that contains itself. */
  record Tree(String label, List<Tree> children) {}

  @Test
  void recursiveConfigsUseOneDefinition() {
    ObjectNode s = ConfigSchema.of(Tree.class, "tree");
    assertThat(s.get("properties").get("children").get("items").get("$ref").asText())
        .isEqualTo("#/$defs/Tree");
    assertThat(
            s.get("$defs")
                .get("Tree")
                .get("properties")
                .get("children")
                .get("items")
                .get("$ref")
                .asText())
        .isEqualTo("#/$defs/Tree");
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> names(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
