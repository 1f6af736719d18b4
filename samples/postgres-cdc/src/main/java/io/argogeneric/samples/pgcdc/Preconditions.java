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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * What must hold before a capture starts, checked over a plain JDBC connection: logical WAL, a role
 * allowed to replicate, the tables, the publication that carries them and the replication slot.
 * Creates the publication and the slot when they are missing and the role may; says exactly what is
 * wrong otherwise. Also reads the slot's lag for the metric.
 */
final class Preconditions {
  /** The database cannot be reached now; the run retries. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Something only a person can fix; the stream ends with FAILED_PRECONDITION naming it. */
  static final class Unmet extends Exception {
    private static final long serialVersionUID = 1L;

    Unmet(String message) {
      super(message);
    }
  }

  private final PgCdcConfig config;

  Preconditions(PgCdcConfig config) {
    this.config = config;
  }

  String jdbcUrl() {
    PgCdcConfig.Connection c = config.connection();
    return "jdbc:postgresql://" + c.host() + ":" + c.portOrDefault() + "/" + c.database();
  }

  /** The password file's first line, or null without a file. */
  String password() throws Unmet {
    Path file = config.connection().passwordFile();
    if (file == null) {
      return null;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      return (newline < 0 ? text : text.substring(0, newline)).strip();
    } catch (IOException e) {
      throw new Unmet("connection.passwordFile " + file + " cannot be read: " + e);
    }
  }

  Connection connect() throws Unreachable, Unmet {
    Properties props = new Properties();
    props.setProperty("user", config.connection().user());
    String password = password();
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "30");
    props.setProperty("ApplicationName", "argo-pgcdc-check");
    try {
      return DriverManager.getConnection(jdbcUrl(), props);
    } catch (SQLException e) {
      throw raise(e, "connecting to " + jdbcUrl() + " as " + config.connection().user());
    }
  }

  /**
   * Checks everything and creates what is missing.
   *
   * @param resuming true when the stream has a position: its slot must still exist
   */
  void ensure(boolean resuming) throws Unreachable, Unmet {
    try (Connection db = connect()) {
      String walLevel = single(db, "SHOW wal_level");
      if (!"logical".equals(walLevel)) {
        throw new Unmet(
            "wal_level is '"
                + walLevel
                + "' on "
                + jdbcUrl()
                + "; logical replication needs wal_level=logical (set it and restart PostgreSQL)");
      }
      String role = single(db, "SELECT current_user");
      if (!"t"
          .equals(
              single(
                  db,
                  "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user"))) {
        throw new Unmet(
            "role '"
                + role
                + "' lacks the REPLICATION attribute: ALTER ROLE "
                + role
                + " REPLICATION");
      }
      for (String table : config.tables()) {
        if (query(db, "SELECT to_regclass(?)", quoted(table)).get(0) == null) {
          throw new Unmet(
              "table " + table + " does not exist in database " + config.connection().database());
        }
      }
      ensurePublication(db, role);
      ensureSlot(db, role, resuming);
    } catch (SQLException e) {
      throw raise(e, "checking " + jdbcUrl());
    }
  }

  private void ensurePublication(Connection db, String role) throws SQLException, Unmet {
    String publication = config.publicationOrDefault();
    List<String> found =
        query(db, "SELECT puballtables::text FROM pg_publication WHERE pubname = ?", publication);
    if (found.isEmpty()) {
      String create =
          "CREATE PUBLICATION " + ident(publication) + " FOR TABLE " + tableList(config.tables());
      try (Statement s = db.createStatement()) {
        s.execute(create);
      } catch (SQLException e) {
        if (insufficientPrivilege(e)) {
          throw new Unmet(
              "publication '"
                  + publication
                  + "' does not exist and role '"
                  + role
                  + "' may not create it ("
                  + e.getMessage()
                  + "); as the tables' owner run: "
                  + create);
        }
        throw e;
      }
      return;
    }
    if ("true".equals(found.get(0))) {
      return;
    }
    Set<String> published =
        new LinkedHashSet<>(
            query(
                db,
                "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?",
                publication));
    List<String> missing = new ArrayList<>();
    for (String table : config.tables()) {
      if (!published.contains(table)) {
        missing.add(table);
      }
    }
    if (!missing.isEmpty()) {
      throw new Unmet(
          "publication '"
              + publication
              + "' does not include "
              + String.join(", ", missing)
              + ": ALTER PUBLICATION "
              + ident(publication)
              + " ADD TABLE "
              + tableList(missing));
    }
  }

  private void ensureSlot(Connection db, String role, boolean resuming) throws SQLException, Unmet {
    String slot = config.slot();
    List<String> found =
        query(
            db,
            "SELECT plugin || ',' || database || ',' || coalesce(wal_status, '') FROM pg_replication_slots WHERE slot_name = ?",
            slot);
    if (found.isEmpty()) {
      if (resuming) {
        throw new Unmet(
            "replication slot '"
                + slot
                + "' no longer exists (dropped?): the changes after the last one delivered are gone"
                + " from the database's reach; to start afresh from now, name a new slot in the config");
      }
      try {
        query(db, "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')", slot);
      } catch (SQLException e) {
        if (insufficientPrivilege(e)) {
          throw new Unmet(
              "replication slot '"
                  + slot
                  + "' does not exist and role '"
                  + role
                  + "' may not create it: "
                  + e.getMessage());
        }
        throw e;
      }
      return;
    }
    String[] parts = found.get(0).split(",", -1);
    if (!"pgoutput".equals(parts[0]) || !config.connection().database().equals(parts[1])) {
      throw new Unmet(
          "replication slot '"
              + slot
              + "' belongs to plugin "
              + parts[0]
              + " on database "
              + parts[1]
              + "; this capture needs a pgoutput slot on "
              + config.connection().database());
    }
    if ("lost".equals(parts[2])) {
      throw new Unmet(
          "replication slot '"
              + slot
              + "' has lost WAL it needed (max_slot_wal_keep_size was exceeded): changes are gone;"
              + " drop the slot and name a new one in the config to start afresh");
    }
  }

  /** Bytes of WAL the slot holds back: the current WAL position minus its confirmed flush. */
  long slotLagBytes(Connection db) throws SQLException {
    List<String> lag =
        query(
            db,
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text FROM pg_replication_slots WHERE slot_name = ?",
            config.slot());
    return lag.isEmpty() || lag.get(0) == null ? -1 : Long.parseLong(lag.get(0));
  }

  /** Throws {@link #classify}'s verdict; declared to return so that callers can write throw. */
  static RuntimeException raise(SQLException e, String doing) throws Unreachable, Unmet {
    Exception verdict = classify(e, doing);
    if (verdict instanceof Unreachable u) {
      throw u;
    }
    throw (Unmet) verdict;
  }

  /** Sorts an SQL failure: connection-level troubles are retried, everything else is unmet. */
  static Exception classify(SQLException e, String doing) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08") // connection exception
        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
        || state.equals("53300") // too many connections
        || state.isEmpty()) {
      return new Unreachable(doing + ": " + e.getMessage(), e);
    }
    if (state.equals("28P01") || state.equals("28000")) {
      return new Unmet(doing + ": authentication failed: " + e.getMessage());
    }
    if (state.equals("3D000")) {
      return new Unmet(doing + ": " + e.getMessage());
    }
    if (insufficientPrivilege(e)) {
      return new Unmet(doing + ": permission denied: " + e.getMessage());
    }
    return new Unmet(doing + ": " + e.getMessage() + " (SQLSTATE " + state + ")");
  }

  private static boolean insufficientPrivilege(SQLException e) {
    return "42501".equals(e.getSQLState());
  }

  private static String single(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private static List<String> query(Connection db, String sql, String arg) throws SQLException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        List<String> rows = new ArrayList<>();
        while (r.next()) {
          rows.add(r.getString(1));
        }
        return rows;
      }
    }
  }

  /** schema.table as a quoted identifier pair, so that names keep their case. */
  static String quoted(String table) {
    int dot = table.indexOf('.');
    return ident(table.substring(0, dot)) + "." + ident(table.substring(dot + 1));
  }

  private static String tableList(List<String> tables) {
    List<String> quoted = new ArrayList<>();
    for (String t : tables) {
      quoted.add(quoted(t));
    }
    return String.join(", ", quoted);
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
