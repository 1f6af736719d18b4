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
package io.argogeneric.sdk.config;

import java.util.List;

/**
 * A config that cannot be used. Its message lists each problem as {@code path: reason}, separated
 * by {@code "; "}, on one line; it is what the client receives as the {@code INVALID_ARGUMENT}
 * description, so it never quotes secrets and stays short (gRPC carries it in a trailer,
 * percent-encoded, and grpc-java clients accept 8 KiB of them): at most 20 problems, 1,000
 * characters and 2,000 UTF-8 bytes, then {@code "... and N more"}. {@link #problems()} holds them
 * all.
 *
 * @since 0.1.0
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_MESSAGE_CHARS = 1000;

  /** Each byte outside ASCII is three in the trailer: 6,000 at most, under grpc-java's 8 KiB. */
  private static final int MAX_MESSAGE_BYTES = 2000;

  private static final int MAX_PROBLEMS_SHOWN = 20;

  /** Longest single problem in the message, so that one long problem leaves room for the rest. */
  private static final int MAX_PROBLEM_CHARS = 500;

  private static final String MORE = "; ... and %d more";

  /** Room kept at the end of the message for {@link #MORE}. */
  private static final int MORE_RESERVE = String.format(MORE, Integer.MAX_VALUE).length();

  /**
   * One problem.
   *
   * @param path the field, e.g. {@code schedules[1].timezone}; empty for the config as a whole
   * @param message what is wrong with it
   */
  public record Problem(String path, String message) {
    /** {@code path: message} on one line: control characters from the config are escaped. */
    @Override
    public String toString() {
      return escapeControls(path.isEmpty() ? "config: " + message : path + ": " + message);
    }
  }

  private final transient List<Problem> problems;
  private final int unlisted;

  /** A config exception listing {@code problems}, at least one. */
  public ConfigException(List<Problem> problems) {
    this(problems, 0);
  }

  /**
   * A config exception listing {@code problems}, at least one, and counting {@code unlisted} more
   * that were found but not kept (a config with very many mistakes).
   */
  public ConfigException(List<Problem> problems, int unlisted) {
    super(render(problems, unlisted));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    if (unlisted < 0) {
      throw new IllegalArgumentException("unlisted must not be negative: " + unlisted);
    }
    this.problems = List.copyOf(problems);
    this.unlisted = unlisted;
  }

  /** A config exception with one problem. */
  public static ConfigException of(String path, String message) {
    return new ConfigException(List.of(new Problem(path, message)));
  }

  private static String escapeControls(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        switch (c) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> sb.append(String.format("\\u%04x", (int) c));
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Every problem kept, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  /** How many problems were found beyond {@link #problems()}; usually 0. */
  public int unlistedProblems() {
    return unlisted;
  }

  private static String render(List<Problem> problems, int unlisted) {
    StringBuilder text = new StringBuilder();
    int bytes = 0;
    int shown = 0;
    for (Problem p : problems) {
      if (shown == MAX_PROBLEMS_SHOWN) {
        break;
      }
      String one = cut(p.toString(), MAX_PROBLEM_CHARS, MAX_PROBLEM_CHARS);
      int separator = shown > 0 ? 2 : 0;
      int roomChars = MAX_MESSAGE_CHARS - MORE_RESERVE - text.length() - separator;
      int roomBytes = MAX_MESSAGE_BYTES - MORE_RESERVE - bytes - separator;
      if (one.length() > roomChars || utf8Length(one) > roomBytes) {
        if (shown > 0) {
          break;
        }
        one = cut(one, roomChars, roomBytes);
      }
      text.append(shown > 0 ? "; " : "").append(one);
      bytes += separator + utf8Length(one);
      shown++;
    }
    long total = (long) problems.size() + unlisted;
    if (shown < total) {
      text.append(String.format(MORE, total - shown));
    }
    return text.toString();
  }

  /** {@code s}, or its start and "..." within {@code maxChars} and {@code maxBytes} of UTF-8. */
  private static String cut(String s, int maxChars, int maxBytes) {
    if (s.length() <= maxChars && utf8Length(s) <= maxBytes) {
      return s;
    }
    int end = 0;
    int bytes = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int size = utf8Length(cp);
      int next = end + Character.charCount(cp);
      if (next > maxChars - 3 || bytes + size > maxBytes - 3) {
        break;
      }
      bytes += size;
      end = next;
    }
    return s.substring(0, end) + "...";
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      n += utf8Length(s.codePointAt(i));
    }
    return n;
  }

  private static int utf8Length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
}
