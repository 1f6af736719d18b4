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
package io.argogeneric.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measurement as the driver records it: {@code key=value} words on a line, such as {@code
 * kind=sdk round=1 scenario=flat-100 events_per_s=20600}. Words without {@code =} are ignored.
 */
record RawLine(int lineNumber, Map<String, String> fields) {

  static RawLine parse(int lineNumber, String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String word : text.trim().split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        fields.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return new RawLine(lineNumber, fields);
  }

  String kind() {
    return fields.getOrDefault("kind", "");
  }

  String scenario() {
    return fields.getOrDefault("scenario", "");
  }

  String round() {
    return fields.getOrDefault("round", "");
  }

  boolean has(String key) {
    return fields.containsKey(key);
  }

  String text(String key, String absent) {
    return fields.getOrDefault(key, absent);
  }

  /**
   * The field as a number; NaN when absent; a bad number names the line, so a damaged file is
   * found.
   */
  double number(String key) {
    String v = fields.get(key);
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "line " + lineNumber + ": " + key + "=" + v + " is not a number", e);
    }
  }
}
