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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The 0.1 flag --state-dir and its variable, as deprecated aliases of the SDK's --store. */
class StateDirAliasTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  @DisplayName("Without --state-dir or CALENDAR_STATE_DIR the arguments pass unchanged")
  void nothingToRewrite() {
    String[] args = {"--port", "0", "--store", "/data"};
    StateDirAlias.Rewritten r = StateDirAlias.rewrite(args, NO_ENV);
    assertThat(r.args()).containsExactly("--port", "0", "--store", "/data");
    assertThat(r.warning()).isNull();
  }

  @Test
  @DisplayName("--state-dir DIR and --state-dir=DIR become --store=DIR, with a deprecation warning")
  void flagBecomesStore() {
    for (String[] args :
        new String[][] {
          {"--port", "0", "--state-dir", "/var/lib/calendar"},
          {"--port", "0", "--state-dir=/var/lib/calendar"}
        }) {
      StateDirAlias.Rewritten r = StateDirAlias.rewrite(args, NO_ENV);
      assertThat(r.args()).containsExactly("--store=/var/lib/calendar", "--port", "0");
      assertThat(r.warning())
          .startsWith("warning: --state-dir is deprecated: it now means --store /var/lib/calendar");
    }
  }

  @Test
  @DisplayName(
      "CALENDAR_STATE_DIR becomes --store unless a store flag or the SDK's store variables are set")
  void variableBecomesStore() {
    Map<String, String> env = Map.of("CALENDAR_STATE_DIR", "/state");
    StateDirAlias.Rewritten r = StateDirAlias.rewrite(new String[] {"--port", "0"}, env);
    assertThat(r.args()).containsExactly("--store=/state", "--port", "0");
    assertThat(r.warning()).startsWith("warning: CALENDAR_STATE_DIR is deprecated");

    assertThat(StateDirAlias.rewrite(new String[] {"--store", "/data"}, env).args())
        .containsExactly("--store", "/data");
    assertThat(StateDirAlias.rewrite(new String[] {"--outbox-dir=/data"}, env).args())
        .containsExactly("--outbox-dir=/data");
    assertThat(
            StateDirAlias.rewrite(
                    new String[0],
                    Map.of("CALENDAR_STATE_DIR", "/state", "EVENTSOURCE_STORE", "/d"))
                .args())
        .isEmpty();
    assertThat(StateDirAlias.rewrite(new String[0], Map.of("CALENDAR_STATE_DIR", "")).warning())
        .isNull();
  }

  @Test
  @DisplayName("--state-dir with --store, or without a value, is refused with a message")
  void conflictsAreRefused() {
    assertThatThrownBy(
            () ->
                StateDirAlias.rewrite(new String[] {"--state-dir", "/a", "--store", "/b"}, NO_ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--state-dir is a deprecated alias of --store: give only --store DIR");
    assertThatThrownBy(() -> StateDirAlias.rewrite(new String[] {"--state-dir"}, NO_ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--state-dir needs a directory (use --store DIR)");
  }

  @Test
  @DisplayName("Arguments after -- are left alone")
  void endOfOptions() {
    String[] args = {"--", "--state-dir", "/x"};
    assertThat(StateDirAlias.rewrite(args, NO_ENV).args()).containsExactly(args);
  }
}
