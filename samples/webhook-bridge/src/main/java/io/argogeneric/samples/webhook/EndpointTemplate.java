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

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Arrays;

/**
 * An endpoint path as Argo's webhook eventsource routes it: a gorilla/mux (v1.8.1) path template
 * such as {@code /repo/{name}} or {@code /build/{id:[0-9]+}}, matched against the whole decoded
 * request path. A port of mux's {@code newRouteRegexp} for paths (no strict slash, decoded path):
 * the literal parts are quoted, each variable becomes a group of its pattern (default {@code
 * [^/]+}), and the regexp is anchored at both ends. Patterns use Go's regexp syntax; RE2J is Go's
 * regexp engine ported, so the syntax, the meaning and the linear matching time are Go's.
 */
final class EndpointTemplate {
  private static final String DEFAULT_PATTERN = "[^/]+";

  private final String template;
  private final Pattern regexp; // null for a template without variables: it matches itself only
  private final String literalText;

  private EndpointTemplate(String template, Pattern regexp, String literalText) {
    this.template = template;
    this.regexp = regexp;
    this.literalText = literalText;
  }

  /**
   * Parses {@code template} as mux does.
   *
   * @throws IllegalArgumentException where mux refuses the template (mux records the error on the
   *     route, which then never matches, or panics on a capture group), with mux's reason
   */
  static EndpointTemplate parse(String template) {
    if (!template.isEmpty() && template.charAt(0) != '/') {
      throw new IllegalArgumentException("path must start with a slash, got \"" + template + "\"");
    }
    int[] braces = braceIndices(template);
    if (braces.length == 0) {
      return new EndpointTemplate(template, null, template);
    }
    StringBuilder pattern = new StringBuilder("^");
    StringBuilder literal = new StringBuilder();
    int end = 0;
    for (int i = 0; i < braces.length; i += 2) {
      String raw = template.substring(end, braces[i]);
      literal.append(raw);
      end = braces[i + 1];
      String inner = template.substring(braces[i] + 1, end - 1);
      int colon = inner.indexOf(':');
      String name = colon < 0 ? inner : inner.substring(0, colon);
      String patt = colon < 0 ? DEFAULT_PATTERN : inner.substring(colon + 1);
      if (name.isEmpty() || patt.isEmpty()) {
        throw new IllegalArgumentException(
            "missing name or pattern in \"" + template.substring(braces[i], end) + "\"");
      }
      compile("^" + patt + "$", template); // mux compiles each variable's pattern alone first
      pattern
          .append(quoteMeta(raw))
          .append("(?P<v")
          .append(i / 2)
          .append('>')
          .append(patt)
          .append(')');
    }
    pattern.append(quoteMeta(template.substring(end))).append('$');
    literal.append(template.substring(end));
    Pattern compiled = compile(pattern.toString(), template);
    if (compiled.groupCount() != braces.length / 2) {
      throw new IllegalArgumentException(
          "route "
              + template
              + " contains capture groups in its regexp. "
              + "Only non-capturing groups are accepted: e.g. (?:pattern) instead of (pattern)");
    }
    return new EndpointTemplate(template, compiled, literal.toString());
  }

  /** Whether a request to the decoded {@code path} is routed to this endpoint. */
  boolean matches(String path) {
    return regexp == null ? template.equals(path) : regexp.matcher(path).find();
  }

  /** The template without its {@code {...}} variables. */
  String literalText() {
    return literalText;
  }

  @Override
  public String toString() {
    return template;
  }

  private static Pattern compile(String regexp, String template) {
    try {
      return Pattern.compile(regexp);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "bad pattern in \"" + template + "\": " + WebhookPayload.oneLine(e.getMessage()));
    }
  }

  /** mux's braceIndices: the start and end (exclusive) of each top-level {@code {...}}. */
  private static int[] braceIndices(String s) {
    int level = 0;
    int start = 0;
    int[] out = new int[8];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        if (++level == 1) {
          start = i;
        }
      } else if (c == '}') {
        if (--level == 0) {
          if (n + 2 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          out[n++] = start;
          out[n++] = i + 1;
        } else if (level < 0) {
          throw new IllegalArgumentException("unbalanced braces in \"" + s + "\"");
        }
      }
    }
    if (level != 0) {
      throw new IllegalArgumentException("unbalanced braces in \"" + s + "\"");
    }
    return Arrays.copyOf(out, n);
  }

  /** Go's regexp.QuoteMeta: a backslash before each of {@code \.+*?()|[]{}^$}. */
  private static String quoteMeta(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
