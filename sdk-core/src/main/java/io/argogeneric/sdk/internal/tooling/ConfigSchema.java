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

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyMetadata;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argogeneric.sdk.config.Description;
import io.argogeneric.sdk.internal.config.ConfigBinder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A JSON Schema (draft 2020-12) of a plugin's config class, read from the same Jackson
 * introspection that {@link ConfigBinder} binds with, so the schema's property names, required
 * fields and refusal of unknown keys are those a stream applies.
 */
final class ConfigSchema {
  /**
   * Go durations ({@code 90s}, {@code 1h30m}, {@code 0}) or ISO-8601 ({@code PT1H}), as the binder
   * accepts.
   */
  public static final String DURATION_PATTERN =
      "^(?:[-+]?(?:0|(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+)|-?P[0-9A-Za-z.,]+)$";

  static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private final ObjectMapper mapper = ConfigBinder.configMapper();
  private final DeserializationConfig config = mapper.getDeserializationConfig();
  private final JsonNodeFactory json = JsonNodeFactory.instance;
  private final ObjectNode defs = json.objectNode();
  private final Map<Class<?>, String> defNames = new HashMap<>();

  private ConfigSchema() {}

  /** The schema of {@code type}, titled {@code title}. */
  public static ObjectNode of(Class<?> type, String title) {
    ConfigSchema generator = new ConfigSchema();
    ObjectNode root = generator.json.objectNode();
    root.put("$schema", DIALECT);
    root.put("title", title);
    root.setAll(generator.objectSchema(generator.mapper.constructType(type)));
    if (!generator.defs.isEmpty()) {
      root.set("$defs", generator.defs);
    }
    return root;
  }

  private ObjectNode schema(JavaType type) {
    Class<?> raw = type.getRawClass();
    ObjectNode s = json.objectNode();
    if (raw == String.class
        || raw == CharSequence.class
        || raw == char.class
        || raw == Character.class) {
      return s.put("type", "string");
    }
    if (raw == int.class
        || raw == Integer.class
        || raw == long.class
        || raw == Long.class
        || raw == short.class
        || raw == Short.class
        || raw == byte.class
        || raw == Byte.class
        || raw == BigInteger.class) {
      return s.put("type", "integer");
    }
    if (raw == double.class
        || raw == Double.class
        || raw == float.class
        || raw == Float.class
        || raw == BigDecimal.class) {
      return s.put("type", "number");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return s.put("type", "boolean");
    }
    if (raw == Duration.class) {
      return s.put("type", "string").put("pattern", DURATION_PATTERN);
    }
    if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
      return s.put("type", "string").put("format", "date-time");
    }
    if (raw == LocalDate.class) {
      return s.put("type", "string").put("format", "date");
    }
    if (raw == LocalTime.class) {
      return s.put("type", "string").put("format", "time");
    }
    if (raw == URI.class || raw == URL.class) {
      return s.put("type", "string").put("format", "uri");
    }
    if (raw == UUID.class) {
      return s.put("type", "string").put("format", "uuid");
    }
    if (raw == LocalDateTime.class
        || ZoneId.class.isAssignableFrom(raw)
        || raw == Path.class
        || raw == java.util.regex.Pattern.class) {
      return s.put("type", "string");
    }
    if (raw.isEnum()) {
      s.put("type", "string");
      ArrayNode values = s.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(mapper.valueToTree(constant).asText());
      }
      return s;
    }
    if (type.isArrayType() || type.isCollectionLikeType()) {
      s.put("type", "array");
      s.set("items", schema(type.getContentType()));
      if (Set.class.isAssignableFrom(raw)) {
        s.put("uniqueItems", true);
      }
      return s;
    }
    if (type.isMapLikeType()) {
      s.put("type", "object");
      s.set("additionalProperties", schema(type.getContentType()));
      return s;
    }
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return s; // any value
    }
    return s.put("$ref", "#/$defs/" + define(type));
  }

  /** Puts the schema of a nested config class under $defs once, and returns its name there. */
  private String define(JavaType type) {
    Class<?> raw = type.getRawClass();
    String known = defNames.get(raw);
    if (known != null) {
      return known;
    }
    String name = raw.getSimpleName();
    for (int i = 2; defs.has(name); i++) {
      name = raw.getSimpleName() + i;
    }
    defNames.put(raw, name);
    defs.set(name, json.objectNode()); // reserve first: a config class may contain itself
    defs.set(name, objectSchema(type));
    return name;
  }

  private ObjectNode objectSchema(JavaType type) {
    BeanDescription bean = config.introspect(type);
    ObjectNode s = json.objectNode();
    s.put("type", "object");
    Description classDoc = type.getRawClass().getAnnotation(Description.class);
    if (classDoc != null) {
      s.put("description", classDoc.value());
    }
    ObjectNode properties = s.putObject("properties");
    ArrayNode required = json.arrayNode();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (!p.couldDeserialize()) {
        continue;
      }
      ObjectNode ps = schema(p.getPrimaryType());
      PropertyMetadata meta = p.getMetadata();
      String description = description(p);
      if (description != null) {
        ps = withFirst(ps, "description", json.textNode(description));
      }
      JsonNode defaultValue = defaultValue(p.getPrimaryType(), meta.getDefaultValue());
      if (defaultValue != null) {
        ps.set("default", defaultValue);
      }
      properties.set(p.getName(), ps);
      if (meta.isRequired()) {
        required.add(p.getName());
      }
    }
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    JsonIgnoreProperties.Value ignorals =
        config.getDefaultPropertyIgnorals(type.getRawClass(), bean.getClassInfo());
    boolean lenient =
        bean.findAnySetterAccessor() != null || (ignorals != null && ignorals.getIgnoreUnknown());
    s.put(
        "additionalProperties",
        lenient); // the binder refuses unknown keys unless the class says otherwise
    return s;
  }

  private static String description(BeanPropertyDefinition p) {
    for (AnnotatedMember m :
        new AnnotatedMember[] {
          p.getConstructorParameter(), p.getField(), p.getGetter(), p.getSetter()
        }) {
      if (m != null) {
        Description d = m.getAnnotation(Description.class);
        if (d != null) {
          return d.value();
        }
      }
    }
    return p.getMetadata().getDescription(); // @JsonPropertyDescription
  }

  /**
   * The declared default as a value of the property's JSON type; 0/false for primitives, which
   * absent keys get.
   */
  private JsonNode defaultValue(JavaType type, String declared) {
    Class<?> raw = type.getRawClass();
    if (declared == null || declared.isEmpty()) {
      if (raw == boolean.class) {
        return json.booleanNode(false);
      }
      if (raw.isPrimitive() && raw != char.class) {
        return raw == double.class || raw == float.class
            ? json.numberNode(0.0)
            : json.numberNode(0);
      }
      return null;
    }
    try {
      if (raw == boolean.class || raw == Boolean.class) {
        return json.booleanNode(Boolean.parseBoolean(declared));
      }
      String kind = schema(type).path("type").asText();
      if (kind.equals("integer")) {
        return json.numberNode(new BigInteger(declared));
      }
      if (kind.equals("number")) {
        return json.numberNode(new BigDecimal(declared));
      }
    } catch (NumberFormatException e) {
      // a default that is not a number stays text: the schema shows what the author wrote
    }
    return json.textNode(declared);
  }

  private ObjectNode withFirst(ObjectNode s, String key, JsonNode value) {
    ObjectNode out = json.objectNode();
    out.set(key, value);
    out.setAll(s);
    return out;
  }
}
