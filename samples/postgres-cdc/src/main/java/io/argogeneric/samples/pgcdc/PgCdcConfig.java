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

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.config.Description;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One stream's config: which database, which tables, and the replication slot and publication that
 * carry their changes. Each stream reads its own slot; two streams must not share one.
 */
@Description("Committed row changes of PostgreSQL tables, read by logical replication (pgoutput).")
public record PgCdcConfig(
    @JsonProperty(required = true) @Description("How to reach the database.") Connection connection,
    @JsonProperty(required = true)
        @Description(
            "Tables whose changes become events, each as schema.table, e.g. public.orders.")
        List<String> tables,
    @JsonProperty(required = true)
        @Description(
            "Replication slot name (lower-case letters, digits, _); created when missing on the first run.")
        String slot,
    @Description("Publication name; created for the tables when missing. Default: the slot's name.")
        String publication,
    @Description(
            "What happens on a first run without a position: none (changes from now on, the default)"
                + " or initial (every existing row first, as op snapshot).")
        String snapshotMode,
    @Description("Columns left out of every event, each as schema.table.column.")
        List<String> dropColumns,
    @Description(
            "How often the capture reports progress to the database while no change arrives,"
                + " so the slot does not hold WAL of other databases' traffic; default 10s.")
        Duration heartbeatInterval) {

  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

  /** {@code connection:}. */
  public record Connection(
      @JsonProperty(required = true) @Description("Host name or address.") String host,
      @Description("Port; default 5432.") Integer port,
      @JsonProperty(required = true) @Description("Database name.") String database,
      @JsonProperty(required = true)
          @Description("Role with REPLICATION (and, to create them, rights to the publication).")
          String user,
      @Description(
              "File holding the role's password (a mounted Secret); trailing newlines are ignored.")
          Path passwordFile) {

    int portOrDefault() {
      return port == null ? 5432 : port;
    }
  }

  String publicationOrDefault() {
    return publication == null || publication.isBlank() ? slot : publication;
  }

  boolean initialSnapshot() {
    return "initial".equals(snapshotModeOrDefault());
  }

  String snapshotModeOrDefault() {
    return snapshotMode == null ? "none" : snapshotMode.trim().toLowerCase(Locale.ROOT);
  }

  List<String> dropColumnsOrEmpty() {
    return dropColumns == null ? List.of() : dropColumns;
  }

  Duration heartbeatOrDefault() {
    return heartbeatInterval == null ? DEFAULT_HEARTBEAT : heartbeatInterval;
  }
}
