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

import io.argogeneric.sdk.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The problems found in one config, in the order found. Keeps the first {@link #MAX_KEPT} and only
 * counts the rest, so that a config with thousands of mistakes costs no more than its size.
 */
final class Problems {
  static final int MAX_KEPT = 100;

  private final List<ConfigException.Problem> kept = new ArrayList<>();
  private final Set<ConfigException.Problem> seen = new HashSet<>();
  private final Set<String> paths = new HashSet<>();
  private int unlisted;

  /** Adds a problem; {@code message} is only worked out when the problem is kept. */
  void add(String path, Supplier<String> message) {
    if (kept.size() >= MAX_KEPT) {
      unlisted++;
      return;
    }
    ConfigException.Problem p = new ConfigException.Problem(path, message.get());
    if (seen.add(p)) {
      kept.add(p);
      paths.add(path);
    }
  }

  void add(String path, String message) {
    add(path, () -> message);
  }

  boolean isEmpty() {
    return kept.isEmpty() && unlisted == 0;
  }

  /** True when a problem is kept for exactly {@code path}. */
  boolean at(String path) {
    return paths.contains(path);
  }

  /**
   * True when a problem was found at {@code path} or inside it ({@code ""} is the whole config).
   */
  boolean within(String path) {
    if (unlisted > 0 || (path.isEmpty() && !kept.isEmpty())) {
      return true;
    }
    for (ConfigException.Problem p : kept) {
      String q = p.path();
      if (q.startsWith(path)
          && (q.length() == path.length()
              || q.charAt(path.length()) == '.'
              || q.charAt(path.length()) == '[')) {
        return true;
      }
    }
    return false;
  }

  void throwIfAny() throws ConfigException {
    if (!isEmpty()) {
      throw new ConfigException(kept, unlisted);
    }
  }
}
