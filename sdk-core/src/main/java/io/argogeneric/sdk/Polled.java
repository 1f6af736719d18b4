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
import java.util.Objects;

/**
 * One item a {@link Poller} returns: the event's payload and the position it brings the source to.
 *
 * @param payload the event's bytes, taken over (not copied)
 * @param position where the source stands once this event is delivered; {@code null} leaves the
 *     position where it was
 * @param <P> the position type
 * @since 0.2.0
 */
public record Polled<P>(byte[] payload, P position) {

  /** Checks that the payload is there. */
  public Polled {
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * An item whose payload is {@code value} written as JSON, as {@link Emitter#emitJson} writes it.
   *
   * @throws IllegalArgumentException when Jackson cannot write {@code value}
   */
  public static <P> Polled<P> json(Object value, P position) {
    return new Polled<>(PayloadJson.write(value), position);
  }

  /** An item whose payload is {@code text} in UTF-8. */
  public static <P> Polled<P> text(String text, P position) {
    return new Polled<>(text.getBytes(StandardCharsets.UTF_8), position);
  }
}
