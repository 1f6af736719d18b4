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

import io.argogeneric.sdk.config.GoDuration;
import java.time.Duration;
import java.util.Objects;

/**
 * How one plugin's streams buffer events for a slow client. Every stream owns one buffer bounded
 * both in events and in bytes; when either bound is reached the {@link OverflowPolicy} applies.
 * Beyond this buffer, grpc-java holds at most about 32 KiB plus the client's HTTP/2 receive window
 * per stream, because nothing is handed to gRPC while its transport is not ready.
 *
 * <p>Defaults: 1,024 events, 8 MiB, {@link OverflowPolicy#BLOCK} for up to 5 s, events up to 4 MiB
 * minus 16 KiB.
 *
 * @param maxBufferedEvents how many events a stream may hold that gRPC has not yet taken
 * @param maxBufferedBytes how many payload bytes those events may add up to
 * @param overflowPolicy what an emit does when the buffer is full
 * @param blockTimeout how long {@link OverflowPolicy#BLOCK} waits for room before dropping
 * @param maxEventBytes the largest serialized event an emit accepts; Argo's client refuses 4 MiB
 * @since 0.1.0
 */
public record StreamSettings(
    int maxBufferedEvents,
    long maxBufferedBytes,
    OverflowPolicy overflowPolicy,
    Duration blockTimeout,
    int maxEventBytes) {

  /** grpc-go's default receive limit, which Argo's client keeps. */
  public static final int ARGO_CLIENT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private static final StreamSettings DEFAULTS =
      new StreamSettings(
          1024,
          8L * 1024 * 1024,
          OverflowPolicy.BLOCK,
          Duration.ofSeconds(5),
          ARGO_CLIENT_MAX_MESSAGE_BYTES - 16 * 1024);

  public StreamSettings {
    Objects.requireNonNull(overflowPolicy, "overflowPolicy");
    Objects.requireNonNull(blockTimeout, "blockTimeout");
    if (maxBufferedEvents < 1) {
      throw new IllegalArgumentException(
          "maxBufferedEvents must be at least 1: " + maxBufferedEvents);
    }
    if (maxBufferedBytes < 1) {
      throw new IllegalArgumentException(
          "maxBufferedBytes must be at least 1: " + maxBufferedBytes);
    }
    if (blockTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "blockTimeout must not be negative: " + GoDuration.format(blockTimeout));
    }
    if (maxEventBytes < 1 || maxEventBytes > ARGO_CLIENT_MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "maxEventBytes must be between 1 and "
              + ARGO_CLIENT_MAX_MESSAGE_BYTES
              + ": "
              + maxEventBytes);
    }
  }

  /** The defaults described above. */
  public static StreamSettings defaults() {
    return DEFAULTS;
  }

  public StreamSettings withMaxBufferedEvents(int events) {
    return new StreamSettings(
        events, maxBufferedBytes, overflowPolicy, blockTimeout, maxEventBytes);
  }

  public StreamSettings withMaxBufferedBytes(long bytes) {
    return new StreamSettings(
        maxBufferedEvents, bytes, overflowPolicy, blockTimeout, maxEventBytes);
  }

  public StreamSettings withOverflowPolicy(OverflowPolicy policy) {
    return new StreamSettings(
        maxBufferedEvents, maxBufferedBytes, policy, blockTimeout, maxEventBytes);
  }

  public StreamSettings withBlockTimeout(Duration timeout) {
    return new StreamSettings(
        maxBufferedEvents, maxBufferedBytes, overflowPolicy, timeout, maxEventBytes);
  }

  public StreamSettings withMaxEventBytes(int bytes) {
    return new StreamSettings(
        maxBufferedEvents, maxBufferedBytes, overflowPolicy, blockTimeout, bytes);
  }
}
