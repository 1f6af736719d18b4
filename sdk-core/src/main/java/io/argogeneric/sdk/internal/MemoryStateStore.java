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

import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default store: positions in memory, surviving reconnects and takeovers but not the process
 * (an outbox lives in its stream's buffer). Identities with an open run are all kept (the stream
 * limits bound them); those whose runs ended are kept up to {@code maxEnded}, the least recently
 * used forgotten first, so clients that try ever new configs cannot grow it without bound.
 */
final class MemoryStateStore implements StateStore {
  private final int maxEnded;
  private final Map<String, Held> open = new HashMap<>(); // guarded by this
  private final LinkedHashMap<String, Held> ended; // guarded by this; in access order

  MemoryStateStore(int maxEnded) {
    if (maxEnded < 0) {
      throw new IllegalArgumentException("maxEnded must not be negative: " + maxEnded);
    }
    this.maxEnded = maxEnded;
    this.ended =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
            return size() > MemoryStateStore.this.maxEnded;
          }
        };
  }

  @Override
  public synchronized IdentityState open(String eventName, String configHash) {
    String key = eventName + "/" + configHash;
    Held e = open.get(key);
    if (e == null) {
      e = ended.remove(key);
      if (e == null) {
        e = new Held(key);
      }
      open.put(key, e);
    }
    e.opened++;
    return e;
  }

  private synchronized void closed(Held e) {
    if (--e.opened == 0 && open.remove(e.key) == e) {
      ended.put(e.key, e);
    }
  }

  /** Identities kept whose runs have all ended. */
  synchronized int endedIdentities() {
    return ended.size();
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "memory";
  }

  private final class Held implements IdentityState {
    final String key;
    int opened; // guarded by the store
    private volatile byte[] position;

    Held(String key) {
      this.key = key;
    }

    @Override
    public byte[] position() {
      return position;
    }

    @Override
    public void putPosition(byte[] p) {
      position = p;
    }

    @Override
    public OutboxLog outbox() {
      throw new UnsupportedOperationException("the memory store keeps outboxes in their streams");
    }

    @Override
    public void close() {
      closed(this);
    }
  }
}
