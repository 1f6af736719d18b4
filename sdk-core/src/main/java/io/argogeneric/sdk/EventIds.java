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
import java.util.UUID;

/**
 * Stable event ids for consumers that must drop duplicates. Argo's client sends no acknowledgement,
 * so the strongest guarantee the generic protocol allows across a server restart is at-least-once;
 * a plugin that puts an id derived from what the event <em>is</em> (the calendar slot, the upstream
 * message id) into its payload lets the consumer recognise a repeat.
 *
 * @since 0.1.0
 */
public final class EventIds {
  private EventIds() {}

  /**
   * A name-based (version 3) UUID of {@code parts}: the same parts always give the same id, on any
   * server, after any restart. Parts are joined unambiguously (length-prefixed).
   */
  public static String stable(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      sb.append(p.length()).append(':').append(p);
    }
    return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
