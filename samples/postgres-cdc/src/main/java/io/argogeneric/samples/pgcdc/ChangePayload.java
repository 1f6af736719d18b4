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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One committed row change as the event's JSON: {@code table}, {@code op}, {@code key}, {@code
 * before}, {@code after}, {@code commitTime}, {@code lsn}, {@code txId}. Column values keep their
 * JSON type; numeric and decimal columns arrive as strings (exact), timestamps and dates as
 * ISO-8601 strings, bytea as base64.
 */
final class ChangePayload {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChangePayload() {}

  /**
   * The event of a Debezium change record, or null for a record that is no row change (a heartbeat,
   * a tombstone).
   */
  static ObjectNode of(SourceRecord record) {
    if (!(record.value() instanceof Struct envelope)
        || envelope.schema().field("op") == null
        || envelope.schema().field("source") == null) {
      return null;
    }
    String op = operation(envelope.getString("op"));
    if (op == null) {
      return null;
    }
    Struct source = envelope.getStruct("source");
    ObjectNode event = JSON.objectNode();
    event.put("table", source.getString("schema") + "." + source.getString("table"));
    event.put("op", op);
    event.set("key", value(record.keySchema(), record.key()));
    event.set("before", field(envelope, "before"));
    event.set("after", field(envelope, "after"));
    Long commitMillis = source.getInt64("ts_ms");
    event.put(
        "commitTime", commitMillis == null ? null : Instant.ofEpochMilli(commitMillis).toString());
    event.set("lsn", JSON.numberNode(source.getInt64("lsn")));
    event.set("txId", JSON.numberNode(source.getInt64("txId")));
    return event;
  }

  private static String operation(String debeziumOp) {
    if (debeziumOp == null) {
      return null;
    }
    return switch (debeziumOp) {
      case "c" -> "insert";
      case "u" -> "update";
      case "d" -> "delete";
      case "r" -> "snapshot";
      default -> null; // truncate and logical messages are not row changes
    };
  }

  private static JsonNode field(Struct struct, String name) {
    Field f = struct.schema().field(name);
    return f == null ? JSON.nullNode() : value(f.schema(), struct.get(f));
  }

  static JsonNode value(Schema schema, Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    String logical = schema == null ? null : schema.name();
    if (logical != null) {
      switch (logical) {
        case "io.debezium.time.Date":
          return JSON.textNode(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
        case "io.debezium.time.MicroTimestamp":
          return JSON.textNode(timestamp(((Number) value).longValue(), 1_000_000L));
        case "io.debezium.time.NanoTimestamp":
          return JSON.textNode(timestamp(((Number) value).longValue(), 1_000_000_000L));
        case "io.debezium.time.Timestamp":
          return JSON.textNode(timestamp(((Number) value).longValue(), 1_000L));
        case "io.debezium.time.MicroTime":
          return JSON.textNode(
              LocalTime.ofNanoOfDay(((Number) value).longValue() * 1000).toString());
        case "io.debezium.time.Time":
          return JSON.textNode(
              LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000).toString());
        default:
          break;
      }
    }
    if (value instanceof Struct struct) {
      ObjectNode node = JSON.objectNode();
      for (Field f : struct.schema().fields()) {
        node.set(f.name(), value(f.schema(), struct.get(f)));
      }
      return node;
    }
    if (value instanceof Iterable<?> items) {
      ArrayNode array = JSON.arrayNode();
      Schema element = schema == null ? null : schema.valueSchema();
      for (Object item : items) {
        array.add(value(element, item));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = JSON.objectNode();
      Schema element = schema == null ? null : schema.valueSchema();
      map.forEach((k, v) -> node.set(String.valueOf(k), value(element, v)));
      return node;
    }
    if (value instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      value = bytes;
    }
    if (value instanceof byte[] bytes) {
      return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof BigDecimal decimal) {
      return JSON.textNode(decimal.toPlainString());
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return JSON.numberNode(((Number) value).longValue()); // written as the same digits
    }
    if (value instanceof Double d) {
      return JSON.numberNode(d);
    }
    if (value instanceof Float f) {
      return JSON.numberNode(f);
    }
    return JSON.textNode(value.toString());
  }

  /** A timestamp without time zone, as PostgreSQL prints it in ISO style. */
  private static String timestamp(long units, long perSecond) {
    long seconds = Math.floorDiv(units, perSecond);
    long nanos = Math.floorMod(units, perSecond) * (1_000_000_000L / perSecond);
    return Instant.ofEpochSecond(seconds, nanos)
        .atOffset(ZoneOffset.UTC)
        .toLocalDateTime()
        .toString();
  }
}
