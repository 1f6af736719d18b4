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
 * What became of one emitted event.
 *
 * @since 0.1.0
 */
public enum EmitResult {
  /** The event is in the stream's buffer and will be written as flow control allows. */
  ACCEPTED,
  /** The overflow policy discarded the event; it has been counted and will never be sent. */
  DROPPED
}
