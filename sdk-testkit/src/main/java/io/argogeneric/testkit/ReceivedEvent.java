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
package io.argogeneric.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.argogeneric.proto.Event;
import java.io.IOException;
import java.util.Objects;
import org.junit.jupiter.api.Assertions;

/**
 * One event as the client received it, with its payload decoded the ways a test needs.
 *
 * @param raw the {@code Event} message exactly as it came off the wire
 * @since 0.1.0
 */
public record ReceivedEvent(Event raw) {
  static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

  public ReceivedEvent {
    Objects.requireNonNull(raw, "raw");
  }

  /** The event's name field (Argo ignores it; the SDK sets it to the stream's event name). */
  public String name() {
    return raw.getName();
  }

  /** The payload decoded as UTF-8. */
  public String text() {
    return raw.getPayload().toStringUtf8();
  }

  /** A copy of the payload's bytes. */
  public byte[] bytes() {
    return raw.getPayload().toByteArray();
  }

  /** The payload parsed as JSON; fails the test when it is not JSON. */
  public JsonNode json() {
    try {
      return JSON.readTree(bytes());
    } catch (IOException e) {
      return Assertions.fail("event payload is not JSON (" + why(e) + "): " + preview());
    }
  }

  /** The payload bound to {@code type} by Jackson; fails the test when it does not bind. */
  public <T> T json(Class<T> type) {
    try {
      return JSON.readValue(bytes(), type);
    } catch (IOException e) {
      return Assertions.fail(
          "event payload does not bind to "
              + type.getSimpleName()
              + " ("
              + why(e)
              + "): "
              + preview());
    }
  }

  private static String why(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? j.getOriginalMessage()
        : e.getMessage();
  }

  /** The payload as text, cut to 120 characters, for failure messages. */
  String preview() {
    String t = text().replaceAll("\\s+", " ");
    return t.length() > 120 ? t.substring(0, 117) + "..." : t;
  }

  @Override
  public String toString() {
    return "ReceivedEvent[" + preview() + "]";
  }
}
