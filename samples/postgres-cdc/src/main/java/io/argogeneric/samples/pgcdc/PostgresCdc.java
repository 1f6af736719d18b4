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

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.config.ConfigErrors;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL change data capture as a generic eventsource: each committed insert, update and delete
 * of the configured tables becomes one event, in commit order, read from a logical replication slot
 * by Debezium's embedded engine. Each event's position is Debezium's offset, recorded by the SDK,
 * so a reconnect or, with {@code --store}, a restart goes on after the last change handed to the
 * stream.
 */
public final class PostgresCdc extends EventingServer<PgCdcConfig> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");

  public PostgresCdc() {
    super(PgCdcConfig.class);
  }

  public static void main(String[] args) {
    quietLibraries();
    new PostgresCdc().run(args);
  }

  /**
   * Debezium and Kafka Connect log their whole configuration and every task transition at INFO;
   * this server's own lines say what matters. Left alone when the user brings a logback config.
   */
  static void quietLibraries() {
    if (System.getProperty("logback.configurationFile") == null
        && org.slf4j.LoggerFactory.getILoggerFactory()
            instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger("org.apache.kafka").setLevel(ch.qos.logback.classic.Level.WARN);
      ctx.getLogger("io.debezium").setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @Override
  public void validate(PgCdcConfig c, ConfigErrors errors) {
    PgCdcConfig.Connection conn = c.connection();
    if (conn.host() == null || conn.host().isBlank()) {
      errors.add("connection.host", "must not be empty");
    }
    if (conn.port() != null && (conn.port() < 1 || conn.port() > 65535)) {
      errors.add("connection.port", "must be between 1 and 65535: " + conn.port());
    }
    if (conn.database() == null || conn.database().isBlank()) {
      errors.add("connection.database", "must not be empty");
    }
    if (conn.user() == null || conn.user().isBlank()) {
      errors.add("connection.user", "must not be empty");
    }
    if (c.tables().isEmpty()) {
      errors.add("tables", "name at least one table, as schema.table");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < c.tables().size(); i++) {
      String t = c.tables().get(i);
      if (t == null || !qualified(t, 2)) {
        errors.add("tables[" + i + "]", "expected schema.table (letters, digits, _, $): " + t);
      } else if (!seen.add(t)) {
        errors.add("tables[" + i + "]", "listed twice: " + t);
      }
    }
    if (c.slot() == null || !SLOT.matcher(c.slot()).matches()) {
      errors.add(
          "slot",
          "expected 1 to 63 lower-case letters, digits or _ (PostgreSQL's rule): " + c.slot());
    }
    if (c.publication() != null && !NAME.matcher(c.publication()).matches()) {
      errors.add("publication", "expected letters, digits, _ or $: " + c.publication());
    }
    if (!List.of("none", "initial").contains(c.snapshotModeOrDefault())) {
      errors.add("snapshotMode", "expected none or initial: " + c.snapshotMode());
    }
    List<String> drop = c.dropColumnsOrEmpty();
    for (int i = 0; i < drop.size(); i++) {
      String col = drop.get(i);
      if (col == null || !qualified(col, 3)) {
        errors.add("dropColumns[" + i + "]", "expected schema.table.column: " + col);
      } else if (!c.tables().contains(col.substring(0, col.lastIndexOf('.')))) {
        errors.add("dropColumns[" + i + "]", "names a table not in tables: " + col);
      }
    }
    if (c.heartbeatInterval() != null
        && (c.heartbeatInterval().compareTo(Duration.ofMillis(100)) < 0
            || c.heartbeatInterval().compareTo(Duration.ofHours(1)) > 0)) {
      errors.add("heartbeatInterval", "must be between 100ms and 1h");
    }
  }

  private static boolean qualified(String name, int parts) {
    String[] p = name.split("\\.", -1);
    if (p.length != parts) {
      return false;
    }
    for (String part : p) {
      if (!NAME.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String exampleConfig() {
    return """
        connection:
          host: postgres.db.svc
          port: 5432
          database: shop
          user: argo_cdc
          passwordFile: /etc/pgcdc/password
        tables: [public.orders]
        slot: argo_orders
        snapshotMode: none
        heartbeatInterval: 10s
        """;
  }

  /**
   * BLOCK for long: a slow client stalls the capture, and the replication slot, not this process,
   * holds the changes not yet read.
   */
  @Override
  public StreamSettings streamSettings() {
    return StreamSettings.defaults()
        .withMaxBufferedEvents(256)
        .withOverflowPolicy(OverflowPolicy.BLOCK)
        .withBlockTimeout(Duration.ofMinutes(10));
  }

  @Override
  public void start(StreamContext<PgCdcConfig> stream) {
    CdcMetrics metrics =
        stream.shared(
            "pgcdc.metrics", CdcMetrics.class, () -> new CdcMetrics(stream.metrics()), m -> {});
    new CaptureRun(stream, metrics).start();
  }
}
