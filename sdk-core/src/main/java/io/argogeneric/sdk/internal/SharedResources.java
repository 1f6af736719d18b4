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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server-scoped resources that streams share, opened on first use and closed with the server. */
final class SharedResources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedResources.class);
  private final Map<String, Opened<?>> open = new LinkedHashMap<>();
  private boolean closed;

  /** A resource and how to close it. */
  private record Opened<R>(R resource, Consumer<? super R> closer) {
    void close() {
      closer.accept(resource);
    }
  }

  /**
   * The resource under {@code key}, opened by {@code opener} if it is not open yet, and closed by
   * {@code closer} when the server stops.
   */
  public synchronized <R> R get(
      String key, Class<R> type, Supplier<R> opener, Consumer<? super R> closer) {
    if (closed) {
      throw new IllegalStateException(
          "the server is shutting down; '" + key + "' cannot be opened");
    }
    Opened<?> existing = open.get(key);
    if (existing == null) {
      R resource = opener.get();
      if (resource == null) {
        throw new IllegalStateException(
            "the opener of shared resource '" + key + "' returned null");
      }
      existing = new Opened<>(resource, closer);
      open.put(key, existing);
    }
    return type.cast(existing.resource());
  }

  /** Closes every resource, newest first; failures are logged and the rest still close. */
  @Override
  public void close() {
    List<Map.Entry<String, Opened<?>>> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(open.entrySet());
      open.clear();
    }
    Collections.reverse(toClose);
    for (Map.Entry<String, Opened<?>> e : toClose) {
      try {
        e.getValue().close();
      } catch (RuntimeException ex) {
        log.warn("closing shared resource '{}' failed", e.getKey(), ex);
      }
    }
  }
}
