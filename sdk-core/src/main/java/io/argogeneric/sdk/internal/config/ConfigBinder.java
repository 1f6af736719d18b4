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

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.ConfigException;
import io.argogeneric.sdk.config.GoDuration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the config bytes of one {@code StartEventSource} call into the plugin's typed config:
 * strict UTF-8, YAML (so JSON too) through {@link YamlTree}, Jackson binding with unknown keys
 * refused, then the plugin's own cross-field validation. Every failure is a {@link ConfigException}
 * whose message names the field.
 */
public final class ConfigBinder<C> {
  /** The default largest config accepted, in bytes. */
  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

  private static final int MAX_DEPTH = 50;

  /** Binds tried after the check, each after taking out a value that failed in the one before. */
  private static final int MAX_REBINDS = 10;

  private static final int MAX_NODES = 100_000;
  private static final Pattern MISSING_CREATOR =
      Pattern.compile("Missing required creator property '([^']+)'");

  /** Longest YAML line parsed: snakeyaml's cost grows with the square of a line's length. */
  private static final int MAX_YAML_LINE = 64 * 1024;

  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']*)'");

  /**
   * Jackson's mapper loads some 500 classes: built on first use, not when the server starts, so a
   * server reports SERVING sooner; {@link #warmUp()} builds it off the start-up path.
   */
  private static final class Jackson {
    static final ObjectMapper MAPPER = newConfigMapper();
    static final com.fasterxml.jackson.core.JsonFactory JSON_FACTORY =
        com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .build();

    private Jackson() {}
  }

  /**
   * The config mapper but for {@code required}: binds what is left of a config whose missing fields
   * are already reported, so that the plugin's validate can look at the rest.
   */
  private static final class Lenient {
    static final ObjectMapper MAPPER =
        ((JsonMapper) Jackson.MAPPER)
            .rebuild()
            .annotationIntrospector(new NothingRequired())
            .build();

    private Lenient() {}
  }

  private static final class NothingRequired extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean hasRequiredMarker(AnnotatedMember m) {
      return null;
    }
  }

  /**
   * Bounds the field paths a config class contributes to metric tags (recursive types, huge
   * classes).
   */
  private static final int MAX_FIELD_PATHS = 1_000;

  private static final int MAX_FIELD_DEPTH = 8;
  private static final Pattern LIST_INDEX = Pattern.compile("\\[\\d+]");

  private final Class<C> type;
  private final int maxBytes;
  private final BiConsumer<C, ConfigErrors> validator;
  private volatile java.util.Set<String> fieldPaths;

  public ConfigBinder(Class<C> type, int maxBytes, BiConsumer<C, ConfigErrors> validator) {
    this.type = Objects.requireNonNull(type, "type");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.validator = validator;
  }

  /** The Jackson mapper used for configs: Go durations, java.time, unknown keys refused. */
  public static ObjectMapper configMapper() {
    return Jackson.MAPPER;
  }

  /**
   * Builds the mappers and runs one YAML and one JSON bind, so the first stream does not pay for
   * loading the parsers' classes. Safe to call from any thread, any number of times.
   */
  public static void warmUp() {
    try {
      Jackson.MAPPER.treeToValue(
          new YamlTree(DEFAULT_MAX_BYTES, MAX_DEPTH, MAX_NODES).parse("warm: [up]"), Map.class);
      Jackson.MAPPER.readTree(Jackson.JSON_FACTORY.createParser("{\"warm\":[\"up\"]}"));
    } catch (IOException | ConfigException e) {
      throw new IllegalStateException("warming up the config parsers failed", e);
    }
  }

  public Class<C> type() {
    return type;
  }

  /**
   * The metric tag for a problem at {@code path}: the path (list indexes as {@code []}) when it
   * names a field of the config class, {@code (config)} for the whole config, {@code (other)} for
   * anything else (an unknown key, a map entry). Tags come from the class, never from the client's
   * text, so the number of series stays bounded whatever keys clients send.
   */
  public String metricField(String path) {
    if (path.isEmpty()) {
      return "(config)";
    }
    String field = LIST_INDEX.matcher(path).replaceAll("[]");
    return fieldPaths().contains(field) ? field : "(other)";
  }

  private java.util.Set<String> fieldPaths() {
    java.util.Set<String> paths = fieldPaths;
    if (paths == null) {
      java.util.Set<String> found = new java.util.HashSet<>();
      collectFieldPaths(Jackson.MAPPER.constructType(type), "", 0, found);
      fieldPaths = paths = java.util.Set.copyOf(found);
    }
    return paths;
  }

  private static void collectFieldPaths(
      com.fasterxml.jackson.databind.JavaType t,
      String prefix,
      int depth,
      java.util.Set<String> out) {
    if (depth > MAX_FIELD_DEPTH || out.size() >= MAX_FIELD_PATHS) {
      return;
    }
    if (t.isReferenceType()) { // Optional<T> and the like
      collectFieldPaths(t.getReferencedType(), prefix, depth, out);
      return;
    }
    if (t.isMapLikeType()) {
      return; // its keys are the client's, not the class's
    }
    if (t.isContainerType()) {
      collectFieldPaths(t.getContentType(), prefix + "[]", depth + 1, out);
      return;
    }
    Class<?> raw = t.getRawClass();
    if (raw.isPrimitive()
        || raw.isEnum()
        || raw.getName().startsWith("java.")
        || raw == Object.class) {
      return;
    }
    for (var property : Jackson.MAPPER.getDeserializationConfig().introspect(t).findProperties()) {
      String path = prefix.isEmpty() ? property.getName() : prefix + "." + property.getName();
      if (out.size() < MAX_FIELD_PATHS) {
        out.add(path);
      }
      collectFieldPaths(property.getPrimaryType(), path, depth + 1, out);
    }
  }

  public C bind(byte[] raw) throws ConfigException {
    if (raw.length > maxBytes) {
      throw ConfigException.of("", "is " + raw.length + " bytes, over the limit of " + maxBytes);
    }
    String text = decodeUtf8(raw);
    JsonNode tree = null;
    if (text.stripLeading().startsWith("{")) {
      tree = parseJson(text); // null when it is not JSON: a YAML flow mapping such as {a: b}
    }
    return tree != null ? bindOwnTree(tree, new Problems()) : bindYaml(text);
  }

  /**
   * JSON configs, often one long line, go to Jackson first: snakeyaml's reader copies its
   * read-ahead buffer every ~1,000 characters, so its cost grows with the square of a line's
   * length.
   */
  private JsonNode parseJson(String text) throws ConfigException {
    try (com.fasterxml.jackson.core.JsonParser p = Jackson.JSON_FACTORY.createParser(text)) {
      JsonNode tree =
          Jackson.MAPPER
              .reader()
              .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readTree(p);
      if (p.nextToken() != null) {
        throw ConfigException.of(
            "",
            "is not valid YAML or JSON: text after the JSON object at line "
                + p.currentLocation().getLineNr());
      }
      return tree;
    } catch (com.fasterxml.jackson.core.JsonParseException e) {
      Matcher dup = DUPLICATE_FIELD.matcher(e.getOriginalMessage());
      if (dup.find()) {
        throw ConfigException.of(
            dup.group(1), "is given twice (line " + e.getLocation().getLineNr() + ")");
      }
      return null; // not JSON; YAML will have its say
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw ConfigException.of("", "is refused: " + YamlTree.oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw ConfigException.of(
          "", "is not valid YAML or JSON: " + YamlTree.oneLine(e.getMessage()));
    }
  }

  private C bindYaml(String text) throws ConfigException {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - lineStart > MAX_YAML_LINE) {
          throw ConfigException.of(
              "",
              "line "
                  + line
                  + " is longer than "
                  + MAX_YAML_LINE
                  + " characters; write long values as JSON, or split them across lines");
        }
        line++;
        lineStart = i + 1;
      }
    }
    YamlTree yaml = new YamlTree(maxBytes, MAX_DEPTH, MAX_NODES);
    JsonNode tree = yaml.parse(text);
    return bindOwnTree(tree, yaml.problems());
  }

  /** Binds an already parsed tree, e.g. one {@code config} string taken from a manifest. */
  public C bindTree(JsonNode tree) throws ConfigException {
    return bindOwnTree(tree.deepCopy(), new Problems());
  }

  /**
   * Binds {@code tree}, which it may change, and reports every problem at once: those found while
   * parsing, the binding's (unknown keys, missing fields, wrong types, at any depth), then the
   * plugin's own, which it adds looking at what did bind.
   */
  private C bindOwnTree(JsonNode tree, Problems problems) throws ConfigException {
    if (tree.isNull() || tree.isMissingNode()) {
      tree = Jackson.MAPPER.createObjectNode();
    }
    JavaType javaType = Jackson.MAPPER.constructType(type);
    C config = null;
    if (new TreeCheck(Jackson.MAPPER, problems).check(tree, javaType, "")) {
      config = bindWhatIsLeft(tree, javaType, problems);
    }
    if (config == null && problems.isEmpty()) {
      problems.add("", "is empty");
    }
    if (config != null && validator != null) {
      ConfigErrors errors = new ConfigErrors();
      try {
        validator.accept(config, errors);
      } catch (RuntimeException e) {
        if (problems.isEmpty()) { // else it likely tripped over a value that did not bind
          errors.add("", "validation failed: " + YamlTree.oneLine(e.getMessage()));
        }
      }
      for (ConfigException.Problem p : errors.problems()) {
        problems.add(p.path(), p.message());
      }
    }
    problems.throwIfAny();
    return config;
  }

  /**
   * Jackson's bind of what the check left. When the check found nothing, it binds as strictly as
   * ever; a failure the check could not foresee (a constructor that throws, a custom deserializer)
   * is recorded, its value taken out, and the rest bound again, a few times at most.
   */
  private C bindWhatIsLeft(JsonNode tree, JavaType javaType, Problems problems) {
    ObjectMapper mapper = problems.isEmpty() ? Jackson.MAPPER : Lenient.MAPPER;
    for (int attempt = 0; attempt < MAX_REBINDS; attempt++) {
      try {
        return mapper.readerFor(javaType).readValue(tree);
      } catch (JsonMappingException e) {
        String at = path(e);
        if (!(e instanceof ValueInstantiationException && problems.within(at))) {
          problems.add(at, () -> explain(e)); // else it failed on the values taken out
        }
        if (!takeOut(tree, e.getPath()) && mapper == Lenient.MAPPER) {
          return null;
        }
        mapper = Lenient.MAPPER; // a missing required field is recorded now
      } catch (IOException e) {
        problems.add("", YamlTree.oneLine(e.getMessage()));
        return null;
      }
    }
    return null;
  }

  /** Takes the value at {@code path} out of {@code tree}; false when there is none to take. */
  private static boolean takeOut(JsonNode tree, List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) {
      return false;
    }
    JsonNode parent = tree;
    for (JsonMappingException.Reference ref : path.subList(0, path.size() - 1)) {
      parent =
          ref.getFieldName() != null
              ? parent.path(ref.getFieldName())
              : parent.path(ref.getIndex());
    }
    JsonMappingException.Reference last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object && last.getFieldName() != null) {
      return object.remove(last.getFieldName()) != null;
    }
    if (parent instanceof ArrayNode array
        && last.getIndex() >= 0
        && last.getIndex() < array.size()
        && !array.get(last.getIndex()).isNull()) {
      array.set(last.getIndex(), NullNode.getInstance());
      return true;
    }
    return false;
  }

  private static String decodeUtf8(byte[] raw) throws ConfigException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(raw);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw ConfigException.of("", "is not valid UTF-8 (bad byte at offset " + in.position() + ")");
    }
  }

  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  static String explain(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key" + didYouMean(u.getPropertyName(), u.getKnownPropertyIds());
    }
    if (e instanceof InvalidFormatException f) {
      String value = YamlTree.oneLine(String.valueOf(f.getValue()));
      Class<?> target = f.getTargetType();
      return "cannot use '"
          + value
          + "': must be "
          + describe(target)
          + (target != null && target.isEnum()
              ? suggestion(value, java.util.Arrays.asList((Object[]) target.getEnumConstants()))
              : "");
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      return YamlTree.oneLine(rootMessage(v.getCause()));
    }
    if (e instanceof MismatchedInputException m) {
      Matcher missing = MISSING_CREATOR.matcher(String.valueOf(m.getOriginalMessage()));
      if (missing.find()) {
        return "is required"; // the path ends at the missing field
      }
      if (m.getTargetType() != null) {
        return "must be " + describe(m.getTargetType());
      }
    }
    if (e.getCause() instanceof IllegalArgumentException iae) {
      return YamlTree.oneLine(iae.getMessage());
    }
    return YamlTree.oneLine(e.getOriginalMessage());
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  static String describe(Class<?> t) {
    if (t == String.class || t == CharSequence.class) {
      return "a string";
    }
    if (t == int.class
        || t == Integer.class
        || t == long.class
        || t == Long.class
        || t == short.class
        || t == Short.class
        || t == java.math.BigInteger.class) {
      return "a whole number";
    }
    if (t == double.class
        || t == Double.class
        || t == float.class
        || t == Float.class
        || t == java.math.BigDecimal.class) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == Duration.class) {
      return "a duration such as 10s, 5m or 1h30m";
    }
    if (t.isEnum()) {
      return "one of " + java.util.Arrays.toString(t.getEnumConstants());
    }
    if (t.isArray() || Collection.class.isAssignableFrom(t)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(t) || t.isRecord() || !t.getName().startsWith("java.")) {
      return "a mapping of keys to values";
    }
    return "a " + t.getSimpleName();
  }

  static String didYouMean(String key, Collection<Object> known) {
    StringBuilder sb = new StringBuilder(" '").append(abbreviate(key)).append("'");
    String close = suggestion(key, known);
    if (!close.isEmpty()) {
      sb.append(close);
    } else if (!known.isEmpty() && known.size() <= 20) {
      sb.append("; known keys: ").append(known.stream().map(String::valueOf).sorted().toList());
    }
    return sb.toString();
  }

  /**
   * {@code "; did you mean 'x'?"} when one of {@code known} is close to {@code key}, else empty.
   */
  private static String suggestion(String key, Collection<Object> known) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    int allowed = Math.max(2, key.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Object k : known) {
      String name = String.valueOf(k);
      if (Math.abs(name.length() - key.length()) > allowed) {
        continue; // too far apart whatever the letters; spares long keys the quadratic distance
      }
      int d = distance(lower, name.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= allowed ? "; did you mean '" + best + "'?" : "";
  }

  private static String abbreviate(String key) {
    return key.length() <= 100 ? key : key.substring(0, 97) + "...";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static ObjectMapper newConfigMapper() {
    SimpleModule go = new SimpleModule("go-durations");
    go.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (!p.currentToken().isScalarValue()) {
              throw JsonMappingException.from(p, "must be a duration such as 10s, 5m or 1h30m");
            }
            try {
              return GoDuration.parse(p.getValueAsString());
            } catch (IllegalArgumentException e) {
              throw JsonMappingException.from(p, e.getMessage() + " (use e.g. 10s, 5m, 1h30m)");
            }
          }
        });
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(go)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .build();
  }
}
