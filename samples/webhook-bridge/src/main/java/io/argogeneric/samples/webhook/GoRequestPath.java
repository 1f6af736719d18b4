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
import java.util.ArrayDeque;

/**
 * The request path as Argo's router sees it: Go's {@code URL.Path} (the raw path, percent-decoded,
 * nothing else), and gorilla/mux's rule that a path not in clean form is redirected (301) to its
 * clean form instead of routed.
 */
final class GoRequestPath {
  private GoRequestPath() {}

  /**
   * Go's {@code url.PathUnescape}: {@code %XX} decoded, {@code +} kept; null for a malformed
   * escape.
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%') {
        if (i + 2 >= bytes.length
            || Character.digit(bytes[i + 1], 16) < 0
            || Character.digit(bytes[i + 2], 16) < 0) {
          return null;
        }
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** mux's {@code cleanPath}: Go's {@code path.Clean}, keeping a trailing slash. */
  static String clean(String p) {
    if (p.isEmpty()) {
      return "/";
    }
    if (p.charAt(0) != '/') {
      p = "/" + p;
    }
    String np = goClean(p);
    if (p.charAt(p.length() - 1) == '/' && !np.equals("/")) {
      np += "/";
    }
    return np;
  }

  /**
   * Go's {@code path.Clean} for a rooted path: one slash between names, no {@code .}, no {@code
   * ..}.
   */
  private static String goClean(String p) {
    ArrayDeque<String> names = new ArrayDeque<>();
    for (String name : p.split("/", -1)) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        names.pollLast(); // at the root, ".." stays the root
      } else {
        names.addLast(name);
      }
    }
    return "/" + String.join("/", names);
  }

  /**
   * Go's {@code URL.EscapedPath} for a path without a raw form: what mux puts in the Location of
   * its redirect.
   */
  static String escape(String path) {
    StringBuilder b = new StringBuilder(path.length() + 8);
    for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return b.toString();
  }
}
