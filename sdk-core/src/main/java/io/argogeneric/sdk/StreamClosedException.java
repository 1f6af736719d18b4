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
 * Thrown by an emit or a schedule on a stream that has ended: the client went away, the plugin
 * failed, or the server is shutting down. A plugin that sees it should stop producing for that
 * stream; its {@link StreamContext#onStop stop actions} have run or are about to.
 *
 * @since 0.1.0
 */
public final class StreamClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public StreamClosedException(String message) {
    super(message);
  }
}
