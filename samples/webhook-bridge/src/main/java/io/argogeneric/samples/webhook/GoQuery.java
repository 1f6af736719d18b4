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
package io.argogeneric.samples.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code url.ParseQuery}, which Argo's webhook eventsource uses for GET queries and form
 * bodies: pairs split on {@code &} only, a pair holding {@code ;} or a bad escape skipped and
 * reported, {@code +} read as a space. A GET keeps what parsed (Argo ignores the error); a form
 * body with an error is refused (Argo answers 500).
 */
final class GoQuery {
  /** The values, in order per name, and the first error Go would report (null when none). */
  record Parsed(Map<String, List<String>> values, String error) {}

  private GoQuery() {}

  static Parsed parse(String query) {
    Map<String, List<String>> values = new TreeMap<>();
    String error = null;
    int start = 0;
    while (query != null && start < query.length()) {
      int amp = query.indexOf('&', start);
      String pair = amp < 0 ? query.substring(start) : query.substring(start, amp);
      start = amp < 0 ? query.length() : amp + 1;
      if (pair.indexOf(';') >= 0) {
        error = "invalid semicolon separator in query"; // Go overwrites the error here
        continue;
      }
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = unescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = key == null ? null : unescape(eq < 0 ? "" : pair.substring(eq + 1));
      if (key == null || value == null) {
        if (error == null) {
          error =
              "invalid URL escape "
                  + badEscape(eq < 0 || key == null ? pair : pair.substring(eq + 1));
        }
        continue;
      }
      values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }
    return new Parsed(values, error);
  }

  /** Go's {@code url.QueryUnescape}; null for a malformed escape. */
  private static String unescape(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '+') {
        out.write(' ');
      } else if (c == '%') {
        if (i + 2 >= in.length
            || Character.digit(in[i + 1], 16) < 0
            || Character.digit(in[i + 2], 16) < 0) {
          return null;
        }
        out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Go's {@code EscapeError} text: the bad escape, at most three characters, quoted. */
  private static String badEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%'
          && (i + 2 >= s.length()
              || Character.digit(s.charAt(i + 1), 16) < 0
              || Character.digit(s.charAt(i + 2), 16) < 0)) {
        return "\"" + s.substring(i, Math.min(s.length(), i + 3)) + "\"";
      }
    }
    return "\"" + s + "\"";
  }
}
