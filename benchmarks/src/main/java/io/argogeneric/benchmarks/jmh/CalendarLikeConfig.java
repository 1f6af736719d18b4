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
package io.argogeneric.benchmarks.jmh;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shape of the calendar sample's config (samples/calendar CalendarConfig), mirrored here so the
 * benchmark module does not depend on a sample: strings, a Go duration, a list, a map and nested
 * records, which is what makes binding cost what it costs.
 */
public record CalendarLikeConfig(
    String schedule,
    Duration interval,
    List<String> exclusionDates,
    String timezone,
    Map<String, String> metadata,
    Persistence persistence,
    Object filter) {

  public record Persistence(Catchup catchup, ConfigMap configMap) {}

  public record Catchup(Boolean enabled, Duration maxDuration) {}

  public record ConfigMap(String name, Boolean createIfNotExist) {}
}
