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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argogeneric.sdk.config.ConfigException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses config text (YAML 1.1, and so JSON) into a Jackson tree without constructing any Java
 * object the text names. snakeyaml only composes nodes here; this class turns them into JSON values
 * itself, refusing foreign tags and stopping alias expansions that would grow too large.
 *
 * <p>Text that does not parse, and the limits, refuse the whole config at once. A value that is
 * wrong on its own (a foreign tag, a key given twice, a key that is not plain, an infinite number)
 * is left out of the tree and recorded in {@link #problems()}, so that the rest is still checked.
 */
final class YamlTree {
  private static final Set<Tag> PLAIN_TAGS =
      Set.of(
          Tag.MAP,
          Tag.SEQ,
          Tag.STR,
          Tag.INT,
          Tag.FLOAT,
          Tag.BOOL,
          Tag.NULL,
          Tag.TIMESTAMP,
          Tag.BINARY);
  private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");

  private final int maxNodes;
  private final int maxDepth;
  private final int maxChars;
  private int nodes;
  private final Problems problems = new Problems();

  /**
   * Characters of keys and values after alias expansion: what any serialisation of the config will
   * write.
   */
  private long expandedChars;

  YamlTree(int maxChars, int maxDepth, int maxNodes) {
    this.maxChars = maxChars;
    this.maxDepth = maxDepth;
    this.maxNodes = maxNodes;
  }

  /** The problems of single values found by {@link #parse}; their values are not in the tree. */
  Problems problems() {
    return problems;
  }

  /** The tree of {@code text}; an empty document is an empty mapping. */
  JsonNode parse(String text) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(maxDepth);
    options.setCodePointLimit(maxChars);
    options.setProcessComments(false);
    Yaml yaml = new Yaml(options); // compose only: no constructor ever runs
    Node root;
    try {
      Iterable<Node> docs = yaml.composeAll(new StringReader(text));
      var it = docs.iterator();
      if (!it.hasNext()) {
        return JsonNodeFactory.instance.objectNode();
      }
      root = it.next();
      if (it.hasNext()) {
        throw ConfigException.of("", "holds more than one YAML document; give one");
      }
    } catch (MarkedYAMLException e) {
      throw ConfigException.of("", "is not valid YAML or JSON: " + describe(e));
    } catch (YAMLException e) {
      throw ConfigException.of("", "is not valid YAML or JSON: " + oneLine(e.getMessage()));
    }
    if (root == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode tree = convert(root, "", 0);
    if (tree == null) { // the document itself is refused
      problems.throwIfAny();
    }
    return tree;
  }

  /** The JSON value of {@code node}; null, with the problem recorded, when it is refused. */
  private JsonNode convert(Node node, String path, int depth) throws ConfigException {
    if (++nodes > maxNodes) {
      throw ConfigException.of(
          "",
          "expands to more than " + maxNodes + " values (aliases repeating large parts?); refused");
    }
    if (depth > maxDepth) {
      throw ConfigException.of(path, "is nested deeper than " + maxDepth + " levels; refused");
    }
    Tag tag = node.getTag();
    if (!PLAIN_TAGS.contains(tag)) {
      problems.add(
          path,
          () ->
              "uses the YAML tag '"
                  + tag.getValue()
                  + "' at line "
                  + line(node)
                  + "; only plain values are allowed");
      return null;
    }
    if (node instanceof MappingNode map) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (NodeTuple tuple : map.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          problems.add(
              path,
              () -> "has a key that is not a plain value at line " + line(tuple.getKeyNode()));
          continue;
        }
        String key = keyNode.getValue();
        countChars(key);
        String child = path.isEmpty() ? key : path + "." + key;
        if (object.has(key)) {
          problems.add(child, () -> "is given twice (line " + line(keyNode) + ")");
          continue;
        }
        JsonNode value = convert(tuple.getValueNode(), child, depth + 1);
        if (value != null) {
          object.set(key, value);
        }
      }
      return object;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      int i = 0;
      for (Node item : seq.getValue()) {
        JsonNode value = convert(item, path + "[" + i++ + "]", depth + 1);
        array.add(value == null ? JsonNodeFactory.instance.nullNode() : value);
      }
      return array;
    }
    countChars(((ScalarNode) node).getValue());
    return scalar((ScalarNode) node, path);
  }

  /**
   * Aliases share one string in memory, so a small config can name a 60 KB string 15,000 times and
   * bind cheaply; whatever later serialises it (payload metadata, a JSON echo) writes it out 15,000
   * times. The expanded text may therefore be no longer than a config could be written out plainly.
   */
  private void countChars(String text) throws ConfigException {
    expandedChars += text.length();
    if (expandedChars > maxChars) {
      throw ConfigException.of(
          "",
          "expands to more than "
              + maxChars
              + " characters of keys and values (aliases repeating large parts?); refused");
    }
  }

  private JsonNode scalar(ScalarNode node, String path) {
    String v = node.getValue();
    JsonNodeFactory f = JsonNodeFactory.instance;
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return f.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return f.booleanNode(TRUE.contains(v.toLowerCase(Locale.ROOT)));
    }
    if (Tag.INT.equals(tag)) {
      try {
        return f.numberNode(parseInt(v.replace("_", "")));
      } catch (NumberFormatException e) {
        return f.textNode(v);
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      String s = v.replace("_", "").toLowerCase(Locale.ROOT);
      if (s.endsWith(".inf") || s.endsWith(".nan")) {
        problems.add(path, () -> "'" + v + "' is not a finite number");
        return null;
      }
      try {
        return f.numberNode(new BigDecimal(s));
      } catch (NumberFormatException e) {
        return f.textNode(v);
      }
    }
    return f.textNode(v); // str, timestamp (kept as written), binary (base64 text)
  }

  private static BigInteger parseInt(String s) {
    String sign = "";
    if (s.startsWith("-") || s.startsWith("+")) {
      sign = s.startsWith("-") ? "-" : "";
      s = s.substring(1);
    }
    if (s.startsWith("0x")) {
      return new BigInteger(sign + s.substring(2), 16);
    }
    if (s.startsWith("0o")) {
      return new BigInteger(sign + s.substring(2), 8);
    }
    if (s.startsWith("0b")) {
      return new BigInteger(sign + s.substring(2), 2);
    }
    if (s.length() > 1 && s.startsWith("0") && s.chars().allMatch(Character::isDigit)) {
      return new BigInteger(sign + s.substring(1), 8);
    }
    return new BigInteger(sign + s);
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private static String describe(MarkedYAMLException e) {
    StringBuilder sb = new StringBuilder();
    if (e.getProblem() != null) {
      sb.append(e.getProblem());
    } else if (e.getContext() != null) {
      sb.append(e.getContext());
    }
    if (e.getProblemMark() != null) {
      sb.append(" at line ")
          .append(e.getProblemMark().getLine() + 1)
          .append(", column ")
          .append(e.getProblemMark().getColumn() + 1);
    }
    return oneLine(sb.toString());
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 297) + "..." : line;
  }
}
