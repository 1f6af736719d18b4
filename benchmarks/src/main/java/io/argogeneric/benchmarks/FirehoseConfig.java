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
package io.argogeneric.benchmarks;

import io.argogeneric.sdk.config.Description;

/**
 * The config of one firehose stream. The baseline server reads the same keys (see {@link
 * FirehosePlan#parse}), so one load client drives both.
 */
@Description("Emits fixed-size events carrying their emit time, flat out or at a fixed rate")
public record FirehoseConfig(
    @Description("bytes per payload, at least 16 (timestamp and sequence number); default 100")
        Integer payloadSize,
    @Description(
            "events per second; 0 (the default) emits as fast as flow control allows; fractions are allowed")
        Double rate,
    @Description("events to emit, then stay idle; 0 (the default) for no limit") Long count) {

  /** The plan these settings describe, with defaults filled in. */
  public FirehosePlan plan() {
    return new FirehosePlan(
        payloadSize == null ? FirehosePlan.DEFAULT_PAYLOAD_SIZE : payloadSize,
        rate == null ? 0 : rate,
        count == null ? 0 : count);
  }
}
