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

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonBackReference;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIdentityInfo;
import com.fasterxml.jackson.annotation.JsonIdentityReference;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonView;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.annotation.JsonTypeResolver;
import com.fasterxml.jackson.databind.annotation.JsonValueInstantiator;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedWithParams;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argogeneric.sdk.config.GoDuration;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks a parsed config against the config class, as Jackson introspects it, and collects every
 * problem with its path: unknown keys, missing required fields and values of the wrong type, in
 * nested objects, lists and maps alike. A value that fails is taken out of the tree (dropped from
 * its object, null in its list), so that what is left binds and the plugin's {@code validate} can
 * still look at it.
 *
 * <p>It only finds problems: the bind that follows is Jackson's own, and reports whatever this walk
 * leaves to it (custom deserializers, polymorphic types, constructors that throw). Each scalar is
 * converted once, by Jackson, so messages and coercions are the bind's.
 */
final class TreeCheck {
  /** Annotations that change how Jackson binds a class or property: such parts bind as a whole. */
  private static final List<Class<? extends Annotation>> SPECIAL =
      List.of(
          JsonDeserialize.class,
          JsonPOJOBuilder.class,
          JsonTypeResolver.class,
          JsonTypeIdResolver.class,
          JsonValueInstantiator.class,
          JsonFormat.class,
          JsonUnwrapped.class,
          JsonTypeInfo.class,
          JsonSubTypes.class,
          JsonSetter.class,
          JsonMerge.class,
          JsonIdentityInfo.class,
          JsonIdentityReference.class,
          JsonManagedReference.class,
          JsonBackReference.class,
          JacksonInject.class,
          JsonIncludeProperties.class,
          JsonView.class);

  /**
   * What the walk needs of a config class, per type. Keys are types reachable from config classes,
   * so the map stays as small as the classes.
   */
  private static final Map<JavaType, Object> BEANS = new ConcurrentHashMap<>();

  /** A reader per type converted, as for {@link #BEANS}. */
  private static final Map<JavaType, ObjectReader> READERS = new ConcurrentHashMap<>();

  /** Marks a type in {@link #BEANS} that binds as a whole. */
  private static final Object WHOLE = new Object();

  /** One property the walk checks the value of. */
  private record Prop(String name, List<String> aliases, JavaType type, boolean checked) {}

  /** A class bound property by property. */
  private record Bean(
      Map<String, Prop> byKey,
      List<Prop> required,
      Set<String> ignored,
      boolean anyKey,
      List<Object> names) {}

  private final ObjectMapper mapper;
  private final Problems problems;

  TreeCheck(ObjectMapper mapper, Problems problems) {
    this.mapper = mapper;
    this.problems = problems;
  }

  /**
   * Checks {@code node} against {@code type}, recording what is wrong at {@code path} and inside.
   *
   * @return false when the node as a whole cannot bind: the caller takes it out
   */
  boolean check(JsonNode node, JavaType type, String path) {
    if (node.isNull()) {
      return true; // null, or the type's default for a primitive, as Jackson binds it
    }
    if (type.isReferenceType()) { // Optional<T> and the like
      return check(node, type.getReferencedType(), path);
    }
    Class<?> raw = type.getRawClass();
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || fits(node, raw)) {
      return true;
    }
    if (node.isArray()
        && (type.isCollectionLikeType() || type.isArrayType())
        && raw != byte[].class) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        if (!check(array.get(i), type.getContentType(), path + "[" + i + "]")) {
          array.set(i, NullNode.getInstance());
        }
      }
      return true;
    }
    if (node.isObject() && type.isMapLikeType()) {
      Class<?> key = type.getKeyType().getRawClass();
      if (key == String.class || key == Object.class || key == CharSequence.class) {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (!check(e.getValue(), type.getContentType(), join(path, e.getKey()))) {
            failed.add(e.getKey());
          }
        }
        ((ObjectNode) node).remove(failed);
        return true;
      }
    }
    if (node.isObject() && bean(type) instanceof Bean bean) {
      checkBean((ObjectNode) node, bean, path);
      return true;
    }
    return convert(node, type, path);
  }

  private void checkBean(ObjectNode node, Bean bean, String path) {
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      Prop prop = bean.byKey().get(key);
      if (prop == null) {
        if (!bean.anyKey() && !bean.ignored().contains(key)) {
          problems.add(
              join(path, key), () -> "unknown key" + ConfigBinder.didYouMean(key, bean.names()));
          failed.add(key);
        }
      } else if (prop.checked() && !check(e.getValue(), prop.type(), join(path, key))) {
        failed.add(key);
      }
    }
    for (Prop p : bean.required()) {
      String child = join(path, p.name());
      if (!node.has(p.name())
          && p.aliases().stream().noneMatch(node::has)
          && !problems.at(child)) { // e.g. given with a foreign YAML tag: said already
        problems.add(child, "is required");
      }
    }
    node.remove(failed);
  }

  /** Binds a value with Jackson alone; false, with the problem recorded, when it does not bind. */
  private boolean convert(JsonNode node, JavaType type, String path) {
    try {
      READERS.computeIfAbsent(type, mapper::readerFor).readValue(node);
      return true;
    } catch (JsonMappingException e) {
      problems.add(join(path, ConfigBinder.path(e)), () -> ConfigBinder.explain(e));
      return false;
    } catch (IOException e) {
      problems.add(path, () -> YamlTree.oneLine(e.getMessage()));
      return false;
    }
  }

  /** The common cases that surely bind, spared a trip through Jackson. */
  private static boolean fits(JsonNode node, Class<?> raw) {
    if (raw == String.class) {
      return node.isTextual();
    }
    if (raw == int.class || raw == Integer.class) {
      return node.isIntegralNumber() && node.canConvertToInt();
    }
    if (raw == long.class || raw == Long.class) {
      return node.isIntegralNumber() && node.canConvertToLong();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return node.isBoolean();
    }
    if (raw == Duration.class && node.isTextual()) {
      try {
        GoDuration.parse(node.textValue()); // what the config mapper's Duration deserializer does
        return true;
      } catch (IllegalArgumentException e) {
        return false; // the conversion says why
      }
    }
    return false;
  }

  static String join(String path, String child) {
    if (child.isEmpty()) {
      return path;
    }
    if (path.isEmpty()) {
      return child;
    }
    return child.startsWith("[") ? path + child : path + "." + child;
  }

  /** The bean description of {@code type}, or {@link #WHOLE} when it binds as a whole. */
  private Object bean(JavaType type) {
    Object known = BEANS.get(type);
    if (known == null) {
      known = describe(type, mapper.getDeserializationConfig());
      BEANS.put(type, known);
    }
    return known;
  }

  private static Object describe(JavaType type, DeserializationConfig config) {
    Class<?> raw = type.getRawClass();
    if (raw.isPrimitive()
        || raw.isEnum()
        || raw.isArray()
        || raw.isInterface()
        || Modifier.isAbstract(raw.getModifiers())
        || type.isContainerType()
        || type.isReferenceType()
        || raw.getName().startsWith("java")) {
      return WHOLE;
    }
    BeanDescription description = config.introspect(type);
    AnnotationIntrospector ai = config.getAnnotationIntrospector();
    if (special(description.getClassInfo())) {
      return WHOLE;
    }
    List<AnnotatedWithParams> creators = new ArrayList<>(description.getConstructors());
    creators.addAll(description.getFactoryMethods());
    for (AnnotatedWithParams creator : creators) {
      JsonCreator.Mode mode = ai.findCreatorAnnotation(config, creator);
      if (mode == JsonCreator.Mode.DELEGATING
          || (mode != null
              && mode != JsonCreator.Mode.PROPERTIES
              && creator.getParameterCount() == 1
              && !creator.getParameter(0).hasAnnotation(JsonProperty.class))) {
        return WHOLE; // bound from one value, not property by property
      }
    }
    Map<String, Prop> byKey = new HashMap<>();
    List<Prop> required = new ArrayList<>();
    List<Object> names = new ArrayList<>();
    boolean gettersAsSetters = config.isEnabled(MapperFeature.USE_GETTERS_AS_SETTERS);
    for (BeanPropertyDefinition p : description.findProperties()) {
      boolean viaGetter =
          gettersAsSetters
              && p.hasGetter()
              && (Collection.class.isAssignableFrom(p.getPrimaryType().getRawClass())
                  || Map.class.isAssignableFrom(p.getPrimaryType().getRawClass()));
      if (!p.couldDeserialize() && !viaGetter) {
        continue; // read-only: Jackson refuses the key, as unknown
      }
      List<String> aliases = p.findAliases().stream().map(PropertyName::getSimpleName).toList();
      Prop prop =
          new Prop(
              p.getName(),
              aliases,
              p.getPrimaryType(),
              p.couldDeserialize() && !special(p) && !p.isTypeId());
      byKey.put(p.getName(), prop);
      aliases.forEach(a -> byKey.putIfAbsent(a, prop));
      names.add(p.getName());
      if (p.isRequired() && p.hasConstructorParameter()) {
        required.add(prop); // Jackson enforces required=true on creator properties only
      }
    }
    Set<String> ignored = new HashSet<>(description.getIgnoredPropertyNames());
    JsonIgnoreProperties.Value ignorals =
        config.getDefaultPropertyIgnorals(raw, description.getClassInfo());
    boolean anyKey = description.findAnySetterAccessor() != null;
    if (ignorals != null) {
      ignored.addAll(ignorals.findIgnoredForDeserialization());
      anyKey |= ignorals.getIgnoreUnknown();
    }
    return new Bean(Map.copyOf(byKey), List.copyOf(required), Set.copyOf(ignored), anyKey, names);
  }

  private static boolean special(Annotated annotated) {
    return SPECIAL.stream().anyMatch(annotated::hasAnnotation);
  }

  private static boolean special(BeanPropertyDefinition p) {
    for (Annotated member :
        new AnnotatedMember[] {
          p.getConstructorParameter(), p.getSetter(), p.getField(), p.getGetter()
        }) {
      if (member != null && (special(member) || member.hasAnnotation(JsonIgnoreProperties.class))) {
        return true;
      }
    }
    return false;
  }
}
