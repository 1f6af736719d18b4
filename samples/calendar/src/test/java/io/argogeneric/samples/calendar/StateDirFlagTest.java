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

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The removed --state-dir flag and CALENDAR_STATE_DIR are refused, naming --store. */
class StateDirFlagTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  @DisplayName("--state-dir DIR and --state-dir=DIR are refused with a message naming --store")
  void flagIsRefused() {
    for (String[] args :
        new String[][] {
          {"--port", "0", "--state-dir", "/var/lib/calendar"},
          {"--port", "0", "--state-dir=/var/lib/calendar"}
        }) {
      assertThat(StateDirFlag.refusal(args, NO_ENV))
          .startsWith("--state-dir is gone: ")
          .contains("use --store DIR (env EVENTSOURCE_STORE)");
    }
  }

  @Test
  @DisplayName("CALENDAR_STATE_DIR is refused too, rather than ignored; empty counts as unset")
  void variableIsRefused() {
    assertThat(StateDirFlag.refusal(new String[0], Map.of("CALENDAR_STATE_DIR", "/state")))
        .startsWith("CALENDAR_STATE_DIR is gone: ")
        .contains("use --store DIR");
    assertThat(StateDirFlag.refusal(new String[0], Map.of("CALENDAR_STATE_DIR", ""))).isNull();
  }

  @Test
  @DisplayName("Other flags, --store among them, and arguments after -- pass")
  void othersPass() {
    assertThat(StateDirFlag.refusal(new String[] {"--port", "0", "--store", "/data"}, NO_ENV))
        .isNull();
    assertThat(StateDirFlag.refusal(new String[] {"--", "--state-dir", "/x"}, NO_ENV)).isNull();
    assertThat(StateDirFlag.refusal(new String[] {"--state-directory=/x"}, NO_ENV)).isNull();
  }
}
