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
 * A stream's on-demand source, as registered by {@link Emitter#emitOnDemand}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface OnDemand {

  /**
   * Tells the SDK that the source has events again after its {@link PayloadSource#next()} returned
   * {@code null}. Cheap and safe from any thread; the SDK may call {@code next()} on this thread
   * before it returns. Does nothing once the stream has ended.
   */
  void wake();
}
