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
