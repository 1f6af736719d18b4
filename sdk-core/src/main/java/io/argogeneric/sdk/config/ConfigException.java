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
import java.util.stream.Collectors;

/**
 * A config that cannot be used. Its message lists each problem as {@code path: reason}, separated
 * by {@code "; "}; it is what the client receives as the {@code INVALID_ARGUMENT} description, so
 * it never quotes secrets and stays short (gRPC carries it in a trailer).
 *
 * @since 0.1.0
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_MESSAGE_CHARS = 1000;

  /**
   * One problem.
   *
   * @param path the field, e.g. {@code schedules[1].timezone}; empty for the config as a whole
   * @param message what is wrong with it
   */
  public record Problem(String path, String message) {
    @Override
    public String toString() {
      return path.isEmpty() ? "config: " + message : path + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  /** A config exception listing {@code problems}, at least one. */
  public ConfigException(List<Problem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** A config exception with one problem. */
  public static ConfigException of(String path, String message) {
    return new ConfigException(List.of(new Problem(path, message)));
  }

  /** Every problem, in the order found. */
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

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    String text = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    text = escapeControls(text); // one line, whatever the config held
    return text.length() <= MAX_MESSAGE_CHARS
        ? text
        : text.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
  }
}
