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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Example configs derived from a config class's schema: every required field (and every field with
 * a declared default) with a value of its type, so that the example binds. The default of {@code
 * EventingServer.exampleConfig()}.
 */
public final class ExampleConfigs {
  private static final int MAX_DEPTH = 8;

  private ExampleConfigs() {}

  /**
   * A YAML example for {@code type}: its required fields and those with a declared default; {@code
   * {}} when none.
   */
  public static String fromRequiredFields(Class<?> type) {
    ObjectNode schema = ConfigSchema.of(type, type.getSimpleName());
    Object example = value(schema, schema, 0);
    if (!(example instanceof Map<?, ?> map) || map.isEmpty()) {
      return "{}"; // Argo refuses a generic entry whose config is empty
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(options).dump(map).stripTrailing();
  }

  private static Object value(JsonNode s, ObjectNode root, int depth) {
    if (s.has("$ref")) {
      String name = s.get("$ref").asText().substring("#/$defs/".length());
      return depth > MAX_DEPTH
          ? new LinkedHashMap<>()
          : value(root.path("$defs").path(name), root, depth + 1);
    }
    if (s.has("default")) {
      return plain(s.get("default"));
    }
    if (s.has("enum")) {
      return s.get("enum").get(0).asText();
    }
    String type = s.path("type").asText();
    switch (type) {
      case "string":
        return exampleString(s);
      case "integer":
        return 1;
      case "number":
        return 1.5;
      case "boolean":
        return true;
      case "array":
        {
          List<Object> list = new ArrayList<>();
          list.add(value(s.path("items"), root, depth + 1));
          return list;
        }
      case "object":
        {
          Map<String, Object> map = new LinkedHashMap<>();
          if (s.path("additionalProperties").isObject()) {
            map.put("key", value(s.get("additionalProperties"), root, depth + 1));
            return map;
          }
          JsonNode properties = s.path("properties");
          List<String> wanted = new ArrayList<>();
          s.path("required").forEach(r -> wanted.add(r.asText()));
          for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode p = properties.get(name);
            // primitives carry their implicit default (0, false): showing it adds nothing
            boolean declaredDefault =
                p.has("default")
                    && !(p.get("default").isNumber() && p.get("default").asDouble() == 0)
                    && !(p.get("default").isBoolean() && !p.get("default").asBoolean());
            if (wanted.contains(name) || declaredDefault) {
              map.put(name, value(p, root, depth + 1));
            }
          }
          return map;
        }
      default:
        return "value";
    }
  }

  private static Object exampleString(JsonNode s) {
    if (ConfigSchema.DURATION_PATTERN.equals(s.path("pattern").asText())) {
      return "10s";
    }
    switch (s.path("format").asText()) {
      case "date-time":
        return "2026-01-01T00:00:00Z";
      case "date":
        return "2026-01-01";
      case "time":
        return "12:00:00";
      case "uri":
        return "https://example.com/";
      case "uuid":
        return "00000000-0000-0000-0000-000000000000";
      default:
        return "example";
    }
  }

  private static Object plain(JsonNode v) {
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    return v.asText();
  }
}
