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

import io.argogeneric.sdk.config.Description;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The config of one calendar stream, with the keys of Argo's built-in calendar eventsource, so that
 * a {@code calendar:} entry moves under {@code generic:} as its {@code config} unchanged.
 */
@Description("Argo's calendar eventsource: fires on a cron schedule or at a fixed interval")
public record CalendarConfig(
    @Description(
            "cron expression (5 fields, optional 6th for seconds first, CRON_TZ=/TZ= prefix, @daily..@every)")
        String schedule,
    @Description(
            "fixed interval such as 90s or 1h30m, counted from the previous time cut to the whole second, as robfig/cron does")
        Duration interval,
    @Description(
            "entries EXDATE:20261225T000000Z[,...]; slots on those dates (in timezone, UTC when unset) are skipped")
        List<String> exclusionDates,
    @Description(
            "time zone name as Go loads it (IANA, EST, Local) the schedule is read in; default UTC")
        String timezone,
    @Description("string map copied into every event") Map<String, String> metadata,
    @Description("catch-up of slots missed while no stream was connected") Persistence persistence,
    @Description("not used here: put Argo's filter next to config in the generic entry")
        Object filter) {

  /** {@code persistence:} as in Argo. */
  public record Persistence(Catchup catchup, ConfigMap configMap) {}

  /** {@code persistence.catchup:} as in Argo. */
  public record Catchup(Boolean enabled, Duration maxDuration) {
    boolean isEnabled() {
      return Boolean.TRUE.equals(enabled);
    }
  }

  /**
   * {@code persistence.configMap:} accepted so that Argo configs bind unchanged, and ignored: this
   * server keeps the last-event times under {@code --state-dir}.
   */
  public record ConfigMap(String name, Boolean createIfNotExist) {}

  boolean catchupEnabled() {
    return persistence != null
        && persistence.catchup() != null
        && persistence.catchup().isEnabled();
  }

  Duration catchupMaxDuration() {
    return catchupEnabled() ? persistence.catchup().maxDuration() : null;
  }
}
