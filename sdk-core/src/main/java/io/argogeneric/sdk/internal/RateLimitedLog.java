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
package io.argogeneric.sdk.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Rate-limits log lines that clients can cause. Each distinct cause is logged at most once per
 * interval (Argo retries a refused stream every 5 s with the same config and token, so a line per
 * retry would be a flood, not information), and all causes together at most {@link #BUDGET} lines
 * per interval: 20,000 distinct bad configs make 10 lines, not 20,000. The next line that gets
 * through says how many were held back.
 */
public final class RateLimitedLog {
  /** Lines in total per interval, whatever the number of distinct causes. */
  static final int BUDGET = 10;

  private static final int MAX_KEYS = 10_000;

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final Map<String, Long> lastLogged = new HashMap<>();
  private long windowStart;
  private int spentInWindow;
  private long suppressed;

  public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
    this(log, interval, unit, System::nanoTime);
  }

  RateLimitedLog(Logger log, long interval, TimeUnit unit, LongSupplier clock) {
    this.log = log;
    this.intervalNanos = unit.toNanos(interval);
    this.clock = clock;
    this.windowStart = clock.getAsLong() - intervalNanos;
  }

  public void warn(String key, String format, Object... args) {
    long held = admit(key);
    if (held >= 0) {
      log.warn(withHeldBack(format, held), withHeldBack(args, held));
    }
  }

  /** As {@link #warn}; a {@link Throwable} as the last argument is logged with its stack trace. */
  public void error(String key, String format, Object... args) {
    long held = admit(key);
    if (held >= 0) {
      log.error(withHeldBack(format, held), withHeldBack(args, held));
    }
  }

  /** -1: do not log; else the number of lines held back since the last one logged. */
  synchronized long admit(String key) {
    long now = clock.getAsLong();
    Long last = lastLogged.get(key);
    if (last != null && now - last < intervalNanos) {
      return -1; // the same cause again: it was logged moments ago
    }
    if (now - windowStart >= intervalNanos) {
      windowStart = now;
      spentInWindow = 0;
    }
    if (spentInWindow >= BUDGET) {
      suppressed++;
      return -1;
    }
    spentInWindow++;
    if (lastLogged.size() >= MAX_KEYS) {
      lastLogged.clear(); // hostile variety of keys: forget rather than grow
    }
    lastLogged.put(key, now);
    long held = suppressed;
    suppressed = 0;
    return held;
  }

  private static String withHeldBack(String format, long held) {
    return held == 0
        ? format
        : format + " ({} similar lines held back by the log's rate limit before this one)";
  }

  private static Object[] withHeldBack(Object[] args, long held) {
    if (held == 0) {
      return args;
    }
    Object[] out = new Object[args.length + 1];
    boolean throwableLast = args.length > 0 && args[args.length - 1] instanceof Throwable;
    int plain = throwableLast ? args.length - 1 : args.length;
    System.arraycopy(args, 0, out, 0, plain);
    out[plain] = held;
    if (throwableLast) {
      out[plain + 1] = args[args.length - 1]; // SLF4J takes a trailing Throwable as the exception
    }
    return out;
  }
}
