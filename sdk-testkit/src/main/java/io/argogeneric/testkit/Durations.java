package io.argogeneric.testkit;

import java.time.Duration;

/** Durations written the way a person reads them in a failure message: {@code 1s}, {@code 250ms}. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return millis + "ms";
  }
}
