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
package io.argogeneric.samples.pgcdc;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * Debezium's offset store, without Kafka or files: it starts the connector from the offset a
 * capture run hands it (the SDK's last recorded position, or the last change this run emitted), and
 * forgets what Debezium commits, since the SDK records each change's offset itself when gRPC takes
 * the event. Debezium creates the store by class name; {@link #ID} in its config names the offset
 * {@link #prepare} left for it.
 */
public final class PositionOffsetStore implements OffsetBackingStore {
  /** The engine property naming the starting offset. */
  static final String ID = "argo.position.id";

  // one entry per engine being started; removed by the store that takes it (or by the run)
  private static final Map<String, byte[]> STARTING = new ConcurrentHashMap<>();

  private byte[] start;
  private final Map<ByteBuffer, ByteBuffer> committed = new ConcurrentHashMap<>();

  /**
   * Leaves {@code offsetJson} (the offset map as JSON) for the store configured with {@code id}.
   */
  static void prepare(String id, byte[] offsetJson) {
    STARTING.put(id, offsetJson);
  }

  /** Drops what {@link #prepare} left when the engine never started. */
  static void forget(String id) {
    STARTING.remove(id);
  }

  /** Debezium instantiates the store by reflection. */
  public PositionOffsetStore() {}

  @Override
  public void configure(WorkerConfig config) {
    Object id = config.originals().get(ID);
    start = id == null ? null : STARTING.remove(id.toString());
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
    // one connector, one source partition ({"server": ...}): every key asked for is that one
    Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
    for (ByteBuffer key : keys) {
      ByteBuffer value = committed.get(key);
      if (value != null) {
        found.put(key, value.duplicate());
      } else if (start != null) {
        found.put(key, ByteBuffer.wrap(start));
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
    values.forEach(
        (key, value) -> {
          if (value == null) {
            committed.remove(key); // Kafka's way of deleting an offset
          } else {
            committed.put(key, value);
          }
        });
    if (callback != null) {
      callback.onCompletion(null, null);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return Set.of();
  }
}
