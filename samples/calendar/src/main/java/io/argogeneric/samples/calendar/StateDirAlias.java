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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calendar's flag of 0.1, {@code --state-dir DIR} (env {@code CALENDAR_STATE_DIR}), kept as a
 * deprecated alias of the SDK's {@code --store DIR}, so that a deployment written for 0.1 keeps
 * running and keeps its catch-up history across restarts from now on. The 0.1 state files in DIR
 * are not read (the SDK's store keeps positions per identity, in folders of its own beside them).
 */
final class StateDirAlias {
  static final String FLAG = "--state-dir";
  static final String ENV = "CALENDAR_STATE_DIR";

  /** The arguments to run with, and the deprecation warning to print (null when none). */
  record Rewritten(String[] args, String warning) {}

  private StateDirAlias() {}

  /**
   * {@code args} with {@code --state-dir DIR} replaced by {@code --store DIR}; without the flag,
   * {@code CALENDAR_STATE_DIR} becomes {@code --store} when neither a store flag nor the SDK's
   * store variables are set.
   *
   * @throws IllegalArgumentException when both {@code --state-dir} and {@code --store} (or {@code
   *     --outbox-dir}) are given, or {@code --state-dir} has no value
   */
  static Rewritten rewrite(String[] args, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    String dir = null;
    boolean storeFlag = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        out.addAll(List.of(args).subList(i, args.length)); // positional from here on
        break;
      }
      if (a.equals(FLAG) || a.startsWith(FLAG + "=")) {
        if (a.equals(FLAG) && i + 1 == args.length) {
          throw new IllegalArgumentException(FLAG + " needs a directory (use --store DIR)");
        }
        dir = a.equals(FLAG) ? args[++i] : a.substring(FLAG.length() + 1);
        continue;
      }
      storeFlag |= isFlag(a, "--store") || isFlag(a, "--outbox-dir");
      out.add(a);
    }
    if (dir != null && storeFlag) {
      throw new IllegalArgumentException(
          FLAG + " is a deprecated alias of --store: give only --store DIR");
    }
    String source = FLAG;
    if (dir == null
        && !storeFlag
        && isSet(env, ENV)
        && !isSet(env, "EVENTSOURCE_STORE")
        && !isSet(env, "EVENTSOURCE_OUTBOX_DIR")) {
      dir = env.get(ENV);
      source = ENV;
    }
    if (dir == null) {
      return new Rewritten(args, null);
    }
    out.add(0, "--store=" + dir);
    return new Rewritten(
        out.toArray(String[]::new),
        "warning: "
            + source
            + " is deprecated: it now means --store "
            + dir
            + " (env EVENTSOURCE_STORE), the SDK's store, which keeps each event's last position for"
            + " catch-up; the *.json state files of calendar 0.1 in it are not read and can be"
            + " deleted");
  }

  private static boolean isFlag(String arg, String name) {
    return arg.equals(name) || arg.startsWith(name + "=");
  }

  private static boolean isSet(Map<String, String> env, String name) {
    return env.get(name) != null && !env.get(name).isEmpty();
  }
}
