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

import java.util.List;
import java.util.Optional;

/**
 * The blocking call of a polling source, which {@link StreamContext#poll} makes on schedule: fetch
 * what is new since {@code last}, return it oldest first, each item with its position.
 *
 * <p>It runs on the SDK's bounded polling executor, never on a gRPC or timer thread, and never
 * overlaps itself for one stream, so it may block (an HTTP call, a query) and keep plain fields.
 * What it throws is logged (rate-limited), counted, and retried with backoff; the stream stays
 * open.
 *
 * @param <P> the position type: a JSON-serialisable value (a cursor, an id, a timestamp) or {@code
 *     byte[]}
 * @since 0.2.0
 */
@FunctionalInterface
public interface Poller<P> {
  /**
   * Fetches the items after {@code last}.
   *
   * @param last the position of the last item emitted by this run, or at the first poll the last
   *     position the SDK recorded for this stream's identity; empty when there is none
   * @return the new items, oldest first; empty when nothing is new
   */
  List<Polled<P>> poll(Optional<P> last) throws Exception;
}
