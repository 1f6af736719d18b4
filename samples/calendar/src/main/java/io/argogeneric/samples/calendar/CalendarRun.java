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

import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.Scheduler;
import io.argogeneric.sdk.StreamContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's calendar: catches up missed slots, then arms one timer for the next slot, emits when
 * it fires, and arms the next. One pending timer per stream, no thread of its own.
 */
final class CalendarRun {
  private static final Logger log = LoggerFactory.getLogger(CalendarRun.class);

  /** Catch-up events per timer task, so that a long catch-up does not hold an SDK thread. */
  private static final int CATCH_UP_BATCH = 100;

  private final StreamContext<CalendarConfig> stream;
  private final Scheduler scheduler;
  private final Schedule schedule;
  private final ZoneId catchUpZone;
  private final Map<String, String> metadata;
  private final boolean catchUp;
  private Instant cursor; // the last slot handled; touched only by this run's tasks, one at a time

  CalendarRun(
      StreamContext<CalendarConfig> stream, Schedule schedule, ZoneId timezone, boolean catchUp) {
    this.stream = stream;
    this.scheduler = stream.scheduler();
    this.schedule = schedule;
    this.catchUpZone = timezone == null ? ZoneOffset.UTC : timezone;
    this.metadata = stream.config().metadata();
    this.catchUp = catchUp;
  }

  void start() {
    Instant now = scheduler.now();
    cursor = now;
    if (!catchUp) {
      armNext();
      return;
    }
    lastEventTime().ifPresent(last -> cursor = last);
    Duration max = stream.config().catchupMaxDuration();
    if (max != null && cursor.isBefore(now.minus(max))) {
      cursor = now.minus(max); // as Argo: no slot older than maxDuration
    }
    catchUp();
  }

  /**
   * The time the last event of an earlier run held, as the SDK recorded it with the event; Argo
   * reads the same from its ConfigMap. An unreadable position is no history: logged, never fatal.
   */
  private Optional<Instant> lastEventTime() {
    try {
      Optional<Instant> last = stream.lastPosition(Instant.class);
      if (last.isEmpty()) {
        log.info("event {}: no earlier event recorded: no catch-up", stream.eventName());
      }
      return last;
    } catch (IllegalArgumentException e) {
      log.warn(
          "event {}: the recorded last event time is unreadable ({}); treating it as no history",
          stream.eventName(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Emits the slots before now, oldest first, each stamped with its own slot time, as Argo's loop
   * does while {@code time.Now().After(t)}; a slot at now itself is left to the timer.
   */
  private void catchUp() {
    Instant now = scheduler.now();
    for (int emitted = 0; ; emitted++) {
      Instant slot = schedule.next(cursor);
      if (slot == null || !slot.isBefore(now)) {
        break;
      }
      if (emitted == CATCH_UP_BATCH) {
        scheduler.schedule(Duration.ZERO, this::catchUp);
        return;
      }
      // Argo stamps a catch-up event with the slot, in the configured timezone
      deliver(slot, slot, GoTime.format(slot, catchUpZone));
    }
    armNext();
  }

  private void armNext() {
    Instant slot = schedule.next(cursor);
    if (slot == null) {
      log.warn(
          "event {}: the schedule has no further slot; the stream stays open without events",
          stream.eventName());
      return;
    }
    log.debug("event {}: next slot {}", stream.eventName(), slot);
    scheduler.scheduleAt(slot, () -> fire(slot));
  }

  private void fire(Instant slot) {
    Instant now = scheduler.now();
    // Argo stamps a timer event with time.Now() (in the pod's zone, UTC), monotonic reading
    // included,
    // and computes the next slot from that moment: a late timer skips the slots it missed, and an
    // interval restarts from the firing time cut to the second
    Instant fired = now.isBefore(slot) ? slot : now;
    deliver(slot, fired, GoTime.format(fired, ZoneOffset.UTC) + GoTime.monotonicSuffix());
    armNext();
  }

  /**
   * Emits the event of {@code slot}, stamped {@code eventTime}; {@code stamped} is that time, the
   * next cursor.
   */
  private void deliver(Instant slot, Instant stamped, String eventTime) {
    cursor = stamped;
    // the SDK records the position, the time eventTime holds, once gRPC takes the event, as Argo
    // persists the payload after its dispatch; without catch-up nobody reads it
    EmitResult result =
        stream
            .emitter()
            .emit(CalendarPayload.encode(eventTime, metadata), catchUp ? stamped : null);
    if (result != EmitResult.ACCEPTED) {
      log.warn(
          "event {}: slot {} was dropped by the stream's overflow policy",
          stream.eventName(),
          slot);
    }
  }
}
