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

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all streams of one server may buffer together. The per-stream bound alone let a
 * thousand non-reading streams hold a thousand buffers; every queue charges its events here as
 * well, and a queue that is over this budget applies its overflow policy as if its own buffer were
 * full. A queue with an empty buffer still takes one event, so a client that keeps up is never
 * starved by others that do not: the budget is exceeded by at most one event per stream.
 *
 * <p>One shared counter, charged and released per event with a single atomic add; the check is a
 * plain read, so concurrent producers may overshoot it by one event each.
 */
final class BufferBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BufferBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("buffer budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** A quarter of the most heap this JVM may use: room for the buffers and for everything else. */
  static long defaultLimit() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  boolean hasRoomFor(int size) {
    return used.get() <= limit - size;
  }

  void charge(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
