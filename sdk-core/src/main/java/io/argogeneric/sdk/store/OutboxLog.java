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
package io.argogeneric.sdk.store;

import java.io.IOException;
import java.util.List;

/**
 * An identity's outbox in a persistent {@link StateStore}: the SDK appends each event before the
 * emit that made it returns, and marks it delivered once gRPC wrote it; a new server process
 * replays what was appended and never marked delivered. Calls come from one thread at a time.
 *
 * @since 0.2.0
 */
public interface OutboxLog {

  /**
   * One stored event: its sequence number, when it was emitted, and the serialized {@code Event}.
   *
   * @since 0.2.0
   */
  record Stored(long seq, long emittedMillis, byte[] event) {}

  /**
   * Stores one event; when this returns the event must survive the process being killed.
   *
   * @throws IOException when it cannot: the emit fails and the stream ends with UNAVAILABLE
   */
  void append(long seq, long emittedMillis, byte[] event) throws IOException;

  /**
   * Everything up to and including {@code seq} has been handed to a stream (or given up on).
   *
   * @throws java.io.UncheckedIOException when the store cannot go on (the stream then ends)
   */
  void delivered(long seq);

  /** The highest sequence this log has seen, so a restarted run continues after it. */
  long lastSequence();

  /** Events appended and not delivered, oldest first. */
  List<Stored> undelivered() throws IOException;
}
