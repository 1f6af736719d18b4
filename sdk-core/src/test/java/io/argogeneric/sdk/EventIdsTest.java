package io.argogeneric.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void sameParts_sameId_andPartsDoNotRunTogether() {
    assertThat(EventIds.stable("daily", "2026-11-27T09:00:00Z")).isEqualTo(EventIds.stable("daily", "2026-11-27T09:00:00Z"));
    assertThat(EventIds.stable("ab", "c")).isNotEqualTo(EventIds.stable("a", "bc"));
    assertThat(EventIds.stable("x")).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }
}
