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
package io.argogeneric.sdk.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Arrays;

/**
 * A position as the store keeps it: a tag byte, {@code j} and the position's JSON (written as
 * {@code emitJson} writes payloads: java.time as ISO-8601 strings) or {@code b} and raw bytes.
 */
final class PositionCodec {
  private static final byte JSON = 'j';
  private static final byte BYTES = 'b';
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private PositionCodec() {}

  /**
   * {@code position} encoded; null for null.
   *
   * @throws IllegalArgumentException when Jackson cannot write it, naming its class
   */
  static byte[] encode(Object position) {
    if (position == null) {
      return null;
    }
    if (position instanceof byte[] raw) {
      byte[] out = new byte[raw.length + 1];
      out[0] = BYTES;
      System.arraycopy(raw, 0, out, 1, raw.length);
      return out;
    }
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(position);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot write position "
              + position.getClass().getName()
              + " as JSON: "
              + StreamRun.oneLine(String.valueOf(e.getMessage())),
          e);
    }
    byte[] out = new byte[json.length + 1];
    out[0] = JSON;
    System.arraycopy(json, 0, out, 1, json.length);
    return out;
  }

  /**
   * {@code encoded} read as {@code type}.
   *
   * @throws IllegalArgumentException when it cannot be, naming {@code type}
   */
  static <P> P decode(byte[] encoded, Class<P> type) {
    if (encoded.length == 0 || (encoded[0] != JSON && encoded[0] != BYTES)) {
      throw new IllegalArgumentException(
          "the recorded position is not one this SDK wrote; cannot read it as " + type.getName());
    }
    byte[] body = Arrays.copyOfRange(encoded, 1, encoded.length);
    if (encoded[0] == BYTES) {
      if (type != byte[].class) {
        throw new IllegalArgumentException(
            "the recorded position is raw bytes, not " + type.getName() + ": ask for byte[].class");
      }
      return type.cast(body);
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (IOException e) {
      String detail =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      throw new IllegalArgumentException(
          "the recorded position cannot be read as "
              + type.getName()
              + ": "
              + StreamRun.oneLine(String.valueOf(detail)),
          e);
    }
  }
}
