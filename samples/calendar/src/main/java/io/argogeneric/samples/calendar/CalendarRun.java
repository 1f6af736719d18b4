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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's calendar: catches up missed slots, then arms one timer for the next slot, emits
 * when it fires, and arms the next. One pending timer per stream, no thread of its own.
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
  private final LastEventStore store; // null when catch-up is off
  private Instant cursor; // the last slot handled; touched only by this run's tasks, one at a time

  CalendarRun(StreamContext<CalendarConfig> stream, Schedule schedule, ZoneId timezone, LastEventStore store) {
    this.stream = stream;
    this.scheduler = stream.scheduler();
    this.schedule = schedule;
    this.catchUpZone = timezone == null ? ZoneOffset.UTC : timezone;
    this.metadata = stream.config().metadata();
    this.store = store;
  }

  void start() {
    Instant now = scheduler.now();
    cursor = now;
    if (store == null) {
      armNext();
      return;
    }
    store.lastEventTime(stream.eventName()).ifPresent(last -> cursor = last);
    Duration max = stream.config().catchupMaxDuration();
    if (max != null && cursor.isBefore(now.minus(max))) {
      cursor = now.minus(max); // as Argo: no slot older than maxDuration
    }
    catchUp();
  }

  /** Emits the slots already past, oldest first, each stamped with its own slot time. */
  private void catchUp() {
    Instant now = scheduler.now();
    for (int emitted = 0; ; emitted++) {
      Instant slot = schedule.next(cursor);
      if (slot == null || slot.isAfter(now)) {
        break;
      }
      if (emitted == CATCH_UP_BATCH) {
        scheduler.schedule(Duration.ZERO, this::catchUp);
        return;
      }
      // Argo stamps a catch-up event with the slot, in the configured timezone
      deliver(slot, GoTime.format(slot, catchUpZone));
    }
    armNext();
  }

  private void armNext() {
    Instant slot = schedule.next(cursor);
    if (slot == null) {
      log.warn("event {}: the schedule has no further slot; the stream stays open without events", stream.eventName());
      return;
    }
    log.debug("event {}: next slot {}", stream.eventName(), slot);
    scheduler.scheduleAt(slot, () -> fire(slot));
  }

  private void fire(Instant slot) {
    Instant now = scheduler.now();
    // Argo stamps a timer event with the time the timer fired, in the pod's zone (UTC)
    deliver(slot, GoTime.format(now, ZoneOffset.UTC));
    // a timer that fired late (a suspended host) skips the slots it missed, as Argo's does
    for (Instant next = schedule.next(cursor); next != null && !next.isAfter(now); next = schedule.next(cursor)) {
      cursor = next;
    }
    armNext();
  }

  private void deliver(Instant slot, String eventTime) {
    cursor = slot;
    EmitResult result = stream.emitter().emit(CalendarPayload.encode(eventTime, metadata));
    if (result != EmitResult.ACCEPTED) {
      log.warn("event {}: slot {} was dropped by the stream's overflow policy", stream.eventName(), slot);
      return;
    }
    if (store != null) {
      store.save(stream.eventName(), slot);
    }
  }
}
