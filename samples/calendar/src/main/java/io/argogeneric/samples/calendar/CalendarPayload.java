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
package io.argogeneric.samples.calendar;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event payload, byte for byte as Argo's calendar eventsource marshals it with Go's {@code
 * encoding/json}: {@code {"eventTime":"...","metadata":{...}}}, metadata omitted when empty, map
 * keys sorted, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as Go does.
 */
final class CalendarPayload {
  private CalendarPayload() {}

  static byte[] encode(String eventTime, Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder(64).append("{\"eventTime\":");
    string(sb, eventTime);
    if (metadata != null && !metadata.isEmpty()) {
      sb.append(",\"metadata\":{");
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, e.getKey());
        sb.append(':');
        string(sb, e.getValue() == null ? "" : e.getValue());
      }
      sb.append('}');
    }
    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)) {
            boolean pair =
                Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
              sb.append(c).append(s.charAt(++i));
            } else {
              sb.append('\ufffd'); // Go writes invalid UTF-8 as the replacement character
            }
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
