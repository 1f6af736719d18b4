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

import java.io.IOException;
import java.util.List;

/**
 * Where an identity's outbox is kept across server restarts. The queue appends each event before it
 * counts as accepted and marks it delivered once gRPC took it; a new server replays what was
 * appended and never marked delivered.
 */
interface OutboxStore extends AutoCloseable {
  /**
   * One stored event: its sequence number, when it was emitted, and the serialized {@code Event}.
   */
  record Stored(long seq, long emittedMillis, byte[] event) {}

  void append(long seq, long emittedMillis, byte[] event) throws IOException;

  /** Everything up to and including {@code seq} has been handed to a stream. */
  void delivered(long seq);

  /** The highest sequence this store has seen, so a restarted run continues after it. */
  long lastSequence();

  /** Events appended and not delivered, oldest first. */
  List<Stored> undelivered() throws IOException;

  @Override
  void close();
}
