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

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs each distinct cause at most once per interval. Argo retries a refused stream every 5 s with
 * the same config and token, so a per-retry log line would be a flood, not information.
 */
public final class RateLimitedLog {
  private static final int MAX_KEYS = 10_000;
  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();

  public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
    this.log = log;
    this.intervalNanos = unit.toNanos(interval);
  }

  public void warn(String key, String format, Object... args) {
    if (shouldLog(key)) {
      log.warn(format, args);
    }
  }

  boolean shouldLog(String key) {
    long now = System.nanoTime();
    if (lastLogged.size() > MAX_KEYS) {
      lastLogged.clear(); // hostile variety of keys: forget rather than grow
    }
    boolean[] log = new boolean[1];
    lastLogged.compute(key, (k, last) -> {
      if (last == null || now - last >= intervalNanos) {
        log[0] = true;
        return now;
      }
      return last;
    });
    return log[0];
  }
}
