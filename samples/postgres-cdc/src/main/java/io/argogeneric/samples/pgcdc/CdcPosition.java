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
package io.argogeneric.samples.pgcdc;

import java.util.Map;

/**
 * The position each change event is emitted with, which the SDK records when gRPC takes the event:
 * Debezium's source offset of the change (LSNs of the change and of the last commit before it, the
 * transaction id) and a sequence number that orders this stream's events across runs.
 *
 * @param seq this stream identity's event number, counting on across restarts
 * @param offset Debezium's source offset of the change, as it resumes from it
 */
public record CdcPosition(long seq, Map<String, Object> offset) {}
