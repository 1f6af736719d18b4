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
 * Thrown by an emit whose event is larger than {@link StreamSettings#maxEventBytes()}. Argo's
 * client (grpc-go) refuses messages of 4 MiB or more by default and would tear down its stream and
 * reconnect, so such an event is refused here, at emit time, and never sent.
 *
 * @since 0.1.0
 */
public final class EventTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An event refused at emit time; {@code message} says its size and the limit. */
  public EventTooLargeException(String message) {
    super(message);
  }
}
