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

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Arrays;

/**
 * The firehose payload, the same for the SDK plugin and the baseline: bytes 0-7 the emit time in
 * microseconds since the epoch, bytes 8-15 the event's sequence number in its stream (both
 * big-endian), then filler up to the configured size. An epoch timestamp, not {@code
 * System.nanoTime}, because the client that measures latency is another process.
 */
public final class Payloads {
  /** The smallest payload: the timestamp and the sequence number. */
  public static final int HEADER_BYTES = 16;

  private Payloads() {}

  /**
   * A new array each time, as a real eventsource makes one per event (the emitter takes it over).
   */
  public static byte[] create(int size, long emitEpochMicros, long sequence) {
    byte[] b = new byte[Math.max(size, HEADER_BYTES)];
    putLong(b, 0, emitEpochMicros);
    putLong(b, 8, sequence);
    Arrays.fill(b, HEADER_BYTES, b.length, (byte) 'x');
    return b;
  }

  public static long epochMicros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  public static long emitEpochMicros(ByteString payload) {
    return getLong(payload, 0);
  }

  public static long sequence(ByteString payload) {
    return getLong(payload, 8);
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static long getLong(ByteString b, int at) {
    if (b.size() < at + 8) {
      throw new IllegalArgumentException(
          "payload of " + b.size() + " bytes is not a firehose payload");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b.byteAt(at + i) & 0xFF);
    }
    return v;
  }
}
