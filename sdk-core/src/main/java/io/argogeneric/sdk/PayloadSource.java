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
 * Makes a stream's next event when the SDK asks for it: for sources that can produce on demand (a
 * counter, a cursor over a table, a generator), so that no event is made before the client can take
 * it. Registered with {@link Emitter#emitOnDemand}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PayloadSource {

  /**
   * Returns the next event's payload, or {@code null} when there is none now; after a {@code null}
   * the SDK asks again once {@link OnDemand#wake()} is called (and may ask earlier). The array is
   * taken over, not copied.
   *
   * <p>Called on the thread that writes to the stream, usually one of gRPC's callback threads, and
   * never on two threads at once. Return promptly: waiting here holds up that thread. A source that
   * has to wait for I/O should {@link Emitter#emit} from its own thread instead. Throwing ends the
   * stream with {@code INTERNAL}, like a throwing {@link EventingServer#start}.
   */
  byte[] next() throws Exception;
}
