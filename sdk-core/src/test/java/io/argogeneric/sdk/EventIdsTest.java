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
package io.argogeneric.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void sameParts_sameId_andPartsDoNotRunTogether() {
    assertThat(EventIds.stable("daily", "2026-11-27T09:00:00Z"))
        .isEqualTo(EventIds.stable("daily", "2026-11-27T09:00:00Z"));
    assertThat(EventIds.stable("ab", "c")).isNotEqualTo(EventIds.stable("a", "bc"));
    assertThat(EventIds.stable("x"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }
}
