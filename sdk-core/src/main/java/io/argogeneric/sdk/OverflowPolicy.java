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

/**
 * What an emit does when the stream's buffer is full because the client reads slower than the
 * plugin emits. Argo's client handles one event at a time, so a slow event bus stops its reads and
 * HTTP/2 flow control is the only backpressure the server sees; the buffer absorbs bursts, the
 * policy decides what happens past it. Every event that a policy discards is counted in the {@code
 * eventsource.events.dropped} metric and logged (rate-limited), never silently lost.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {
  /**
   * The emitting thread waits for room, up to {@link StreamSettings#blockTimeout()}; if none comes,
   * the event is discarded and {@link EmitResult#DROPPED} is returned. Use it when the producer can
   * slow down (a poller, a firehose) or must learn that an event was not taken (the webhook bridge
   * answers 503).
   */
  BLOCK,
  /** The oldest buffered event is discarded to make room; the new one is accepted. */
  DROP_OLDEST,
  /** The new event is discarded and {@link EmitResult#DROPPED} is returned. */
  DROP_NEWEST,
  /**
   * The stream ends with {@code RESOURCE_EXHAUSTED}; the client reconnects and starts a fresh run.
   * Buffered events are discarded (counted).
   */
  FAIL
}
