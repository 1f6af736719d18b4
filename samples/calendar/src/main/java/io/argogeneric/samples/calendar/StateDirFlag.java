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

import java.util.Map;

/**
 * The calendar's own flag of earlier builds, {@code --state-dir DIR} (env {@code
 * CALENDAR_STATE_DIR}), is gone: catch-up reads the positions the SDK keeps, and {@code --store
 * DIR} is where they survive a restart. A server given the old flag or variable refuses to start
 * with a message that names the replacement, instead of picocli's "Unknown option" or, for the
 * variable, silently keeping history in memory only.
 */
final class StateDirFlag {
  static final String FLAG = "--state-dir";
  static final String ENV = "CALENDAR_STATE_DIR";
  static final String REPLACED =
      " is gone: the SDK keeps the calendar's catch-up positions now; use --store DIR (env"
          + " EVENTSOURCE_STORE) to keep them across restarts. The state files the old flag wrote"
          + " are not read (delete them), so the first start with --store catches up nothing.";

  private StateDirFlag() {}

  /**
   * Why {@code args} and {@code env} cannot run this server, or null when they use neither the old
   * flag nor its variable.
   */
  static String refusal(String[] args, Map<String, String> env) {
    for (String a : args) {
      if (a.equals("--")) {
        break; // positional from here on
      }
      if (a.equals(FLAG) || a.startsWith(FLAG + "=")) {
        return FLAG + REPLACED;
      }
    }
    String value = env.get(ENV);
    return value == null || value.isEmpty() ? null : ENV + REPLACED;
  }
}
