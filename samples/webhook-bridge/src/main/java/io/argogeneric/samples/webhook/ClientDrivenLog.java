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
package io.argogeneric.samples.webhook;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines that clients cause (HTTP senders, gRPC streams), limited in total: at most {@code
 * perWindow} lines per window, whatever they say, so that a client varying its input (paths, ports,
 * configs) cannot turn into a log flood. Lines over the budget are counted, and the first line of a
 * later window says how many were left out.
 */
final class ClientDrivenLog {
  static final int DEFAULT_PER_WINDOW = 20;
  static final long DEFAULT_WINDOW_NANOS = 60_000_000_000L;

  private final Logger log;
  private final int perWindow;
  private final long windowNanos;
  private long windowStart = System.nanoTime();
  private int usedInWindow;
  private long suppressed;

  ClientDrivenLog(Logger log) {
    this(log, DEFAULT_PER_WINDOW, DEFAULT_WINDOW_NANOS);
  }

  ClientDrivenLog(Logger log, int perWindow, long windowNanos) {
    this.log = log;
    this.perWindow = perWindow;
    this.windowNanos = windowNanos;
  }

  void warn(String format, Object... args) {
    write(Level.WARN, format, args);
  }

  void info(String format, Object... args) {
    write(Level.INFO, format, args);
  }

  private void write(Level level, String format, Object... args) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    long left;
    synchronized (this) {
      long now = System.nanoTime();
      if (now - windowStart >= windowNanos) {
        windowStart = now;
        usedInWindow = 0;
      }
      if (usedInWindow >= perWindow) {
        suppressed++;
        return;
      }
      usedInWindow++;
      left = suppressed;
      suppressed = 0;
    }
    if (left > 0) {
      log.makeLoggingEventBuilder(level)
          .log(
              format + " ({} more client-driven log lines were left out before this one)",
              append(args, left));
    } else {
      log.makeLoggingEventBuilder(level).log(format, args);
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }
}
