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
package io.argogeneric.sdk;

import java.nio.charset.StandardCharsets;

/**
 * Sends events to one stream's client. Safe to call from any thread, including the plugin's own
 * threads and callbacks and the SDK's timer threads; events from one thread keep their order.
 *
 * <p>An emit never writes past gRPC flow control: it puts the event in the stream's bounded buffer
 * and returns; the buffer drains as the client reads. When the buffer is full the plugin's {@link
 * OverflowPolicy} applies. An emit on an ended stream throws {@link StreamClosedException}; an
 * event larger than {@link StreamSettings#maxEventBytes()} throws {@link EventTooLargeException}.
 *
 * <p>A source that can make events on demand can instead hand the SDK a {@link PayloadSource}
 * ({@link #emitOnDemand}): each event is then made only when the client can take it, on the thread
 * that writes it, with no buffer in between.
 *
 * @since 0.1.0
 */
public abstract class Emitter {

  /** Only the SDK creates emitters. */
  protected Emitter() {}

  /**
   * Emits {@code payload} as the event's bytes. The array is taken over, not copied: do not change
   * it after this call. The stream's position does not move.
   */
  public EmitResult emit(byte[] payload) {
    return emit(payload, null);
  }

  /**
   * Emits {@code payload} with the position it brings the source to. The SDK records {@code
   * position} as this identity's last position once gRPC has written the event to the socket, or,
   * with an outbox, when it is stored (Argo's client sends no acknowledgement, so nothing later is
   * knowable); a later run of the same identity reads it with {@link StreamContext#lastPosition}.
   * An event that is dropped or discarded does not move the position (with an outbox, one that was
   * stored and later expires or is dropped for the outbox's bounds already moved it).
   *
   * @param position a JSON-serialisable value (a cursor, an offset, a timestamp) or {@code byte[]},
   *     kept as is; {@code null} leaves the position where it was
   * @throws IllegalArgumentException when Jackson cannot write {@code position}; nothing is emitted
   * @since 0.2.0
   */
  public abstract EmitResult emit(byte[] payload, Object position);

  /**
   * Makes {@code source} this stream's on-demand source: whenever nothing emitted with {@link
   * #emit} waits in the buffer and gRPC's transport is ready, the SDK calls {@link
   * PayloadSource#next()} and writes what it returns at once, until it returns {@code null}; it
   * stops calling it when the stream ends (a call already under way when another thread ends the
   * stream is the last one). Pull and push mix: events from {@code emit} go first. The overflow
   * policy never applies to pulled events, since none waits; a pulled payload larger than {@link
   * StreamSettings#maxEventBytes()} ends the stream with {@code INTERNAL}, naming its size. With an
   * outbox, the source is asked only while a client is attached. A stream has at most one source.
   *
   * @return the handle whose {@link OnDemand#wake()} says the source has events again
   * @throws IllegalStateException when this stream already has a source
   * @throws StreamClosedException when the stream has ended
   */
  public abstract OnDemand emitOnDemand(PayloadSource source);

  /** Emits {@code text} encoded as UTF-8. */
  public EmitResult emitText(String text) {
    return emit(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Emits {@code text} encoded as UTF-8, with a position (see {@link #emit(byte[], Object)}).
   *
   * @since 0.2.0
   */
  public EmitResult emitText(String text, Object position) {
    return emit(text.getBytes(StandardCharsets.UTF_8), position);
  }

  /**
   * Emits {@code value} serialized as JSON by Jackson (records, maps, lists, {@code JsonNode},
   * java.time values as ISO-8601 strings). Argo embeds JSON payloads raw when the EventSource sets
   * {@code jsonBody: true}.
   *
   * @throws IllegalArgumentException when Jackson cannot write {@code value}; nothing is emitted
   */
  public EmitResult emitJson(Object value) {
    return emit(PayloadJson.write(value));
  }

  /**
   * Emits {@code value} as JSON, with a position (see {@link #emit(byte[], Object)}).
   *
   * @throws IllegalArgumentException when Jackson cannot write {@code value} or {@code position}
   * @since 0.2.0
   */
  public EmitResult emitJson(Object value, Object position) {
    return emit(PayloadJson.write(value), position);
  }
}
