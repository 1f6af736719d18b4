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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the problems found in one config, each with the path of the field it concerns, so that a
 * user sees every mistake at once rather than one per retry. Paths use dots for fields and brackets
 * for list indexes: {@code schedules[1].timezone}.
 *
 * <p>The SDK hands an empty one to {@code EventingServer.validate}; what {@code validate} adds
 * joins the binding's own problems (unknown keys, missing required fields, values of the wrong
 * type, at any depth) in the same refusal. So {@code validate} runs even on a config that did not
 * bind completely, and may see a field absent that the config did give: a field whose value failed
 * to bind is null (0 or false for a primitive, null for a list element). Check for null before
 * using a field; if {@code validate} throws on such a config, the exception is ignored and the
 * binding's problems are reported.
 *
 * @since 0.1.0
 */
public final class ConfigErrors {
  private final List<ConfigException.Problem> problems = new ArrayList<>();

  /** Records that the field at {@code path} is wrong; {@code message} says how, without secrets. */
  public ConfigErrors add(String path, String message) {
    problems.add(new ConfigException.Problem(path, message));
    return this;
  }

  /** True when nothing has been added. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems in the order they were added. */
  public List<ConfigException.Problem> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** Throws a {@link ConfigException} holding every problem, if there is any. */
  public void throwIfAny() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
