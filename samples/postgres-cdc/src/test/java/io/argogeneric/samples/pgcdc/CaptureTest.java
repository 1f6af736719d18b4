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

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Row changes of a real PostgreSQL, through the server in this JVM, read by a gRPC client. */
class CaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static ShopServer shop;
  private static PostgresServer pg;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    shop =
        ShopServer.start(
            "CREATE TABLE public.orders (id int PRIMARY KEY, item text NOT NULL, qty int,"
                + " price numeric(10,2), placed timestamp, secret text)",
            "ALTER TABLE public.orders REPLICA IDENTITY FULL",
            "CREATE TABLE public.other (id int PRIMARY KEY, v text)");
    pg = shop.pg;
    server = shop.server;
  }

  @AfterAll
  static void stop() throws Exception {
    if (shop != null) {
      shop.close();
    }
  }

  static String config(PostgresServer pg, String slot, String user, String... extra) {
    return "connection: {host: 127.0.0.1, port: "
        + pg.port()
        + ", database: shop, user: "
        + user
        + "}\ntables: [public.orders]\nslot: "
        + slot
        + "\nheartbeatInterval: 1s\n"
        + String.join("\n", extra);
  }

  /** Waits until the capture reads the slot, so that changes from now on are captured. */
  static void awaitSlotActive(PostgresServer pg, String slot) {
    Waits.until("slot " + slot + " read by the capture", WAIT, () -> slotActive(pg, slot));
  }

  static boolean slotActive(PostgresServer pg, String slot) {
    try (Connection c = pg.connect("shop");
        Statement s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
      return r.next() && r.getBoolean(1);
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  @Test
  @DisplayName(
      "inserts, updates and deletes arrive in commit order with their images; a transaction's rows arrive together")
  void changesInCommitOrder() throws Exception {
    try (EventReader reader =
        EventReader.connect(
            server.port(),
            "orders",
            config(pg, "orders_slot", "postgres", "dropColumns: [public.orders.secret]"))) {
      awaitSlotActive(pg, "orders_slot");
      pg.sql(
          "shop",
          "BEGIN",
          "INSERT INTO public.orders VALUES (1, 'apple', 1, 1.50, '2026-12-06 10:00:00', 's')",
          "INSERT INTO public.other VALUES (1, 'not captured')",
          "INSERT INTO public.orders VALUES (2, 'pear', 2, 2.25, null, 's')",
          "COMMIT",
          "UPDATE public.orders SET qty = 5 WHERE id = 1",
          "DELETE FROM public.orders WHERE id = 2");
      // two transactions interleaved: A starts first, B commits first
      try (Connection a = pg.connect("shop");
          Connection b = pg.connect("shop");
          Statement sa = a.createStatement();
          Statement sb = b.createStatement()) {
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        sa.execute("INSERT INTO public.orders VALUES (3, 'a-first', 1, 0, null, null)");
        sb.execute("INSERT INTO public.orders VALUES (4, 'b-only', 1, 0, null, null)");
        sa.execute("INSERT INTO public.orders VALUES (5, 'a-second', 1, 0, null, null)");
        b.commit();
        sa.execute("INSERT INTO public.orders VALUES (6, 'a-third', 1, 0, null, null)");
        a.commit();
      }
      reader.awaitReceived(8, WAIT);
      List<JsonNode> events = new ArrayList<>();
      for (String payload : reader.received) {
        events.add(JSON.readTree(payload));
      }
      assertThat(events).hasSize(8);
      List<String> summary = new ArrayList<>();
      for (JsonNode e : events) {
        summary.add(e.get("op").asText() + " " + e.get("key").get("id").asInt());
      }
      assertThat(summary)
          .containsExactly(
              "insert 1",
              "insert 2",
              "update 1",
              "delete 2",
              "insert 4",
              "insert 3",
              "insert 5",
              "insert 6");
      JsonNode first = events.get(0);
      assertThat(first.get("table").asText()).isEqualTo("public.orders");
      assertThat(first.get("before").isNull()).isTrue();
      assertThat(first.get("after").get("item").asText()).isEqualTo("apple");
      assertThat(first.get("after").get("price").asText()).isEqualTo("1.50");
      assertThat(first.get("after").get("placed").asText()).isEqualTo("2026-12-06T10:00");
      assertThat(first.get("after").has("secret")).as("dropped column").isFalse();
      assertThat(first.get("lsn").asLong()).isPositive();
      assertThat(Instant.parse(first.get("commitTime").asText()))
          .isAfter(Instant.now().minus(Duration.ofMinutes(10)));
      JsonNode update = events.get(2);
      assertThat(update.get("before").get("qty").asInt()).isEqualTo(1);
      assertThat(update.get("after").get("qty").asInt()).isEqualTo(5);
      JsonNode delete = events.get(3);
      assertThat(delete.get("before").get("item").asText()).isEqualTo("pear");
      assertThat(delete.get("after").isNull()).isTrue();
      // transactions: ids 1 and 2 share one; A's three rows share one and come after B's, in
      // commit order though B's row has the higher LSN
      assertThat(events.get(1).get("txId")).isEqualTo(events.get(0).get("txId"));
      assertThat(events.get(2).get("txId")).isNotEqualTo(events.get(0).get("txId"));
      assertThat(events.get(5).get("txId"))
          .isEqualTo(events.get(6).get("txId"))
          .isEqualTo(events.get(7).get("txId"))
          .isNotEqualTo(events.get(4).get("txId"));
      assertThat(events.get(4).get("lsn").asLong())
          .isGreaterThan(events.get(5).get("lsn").asLong());
      // nothing more: the other table's row is not captured
      assertThat(reader.received).hasSize(8);
      assertThat(reader.end).isNotDone();
    }
  }

  @Test
  @DisplayName("a role without REPLICATION: the stream ends with FAILED_PRECONDITION naming it")
  void roleWithoutReplication() throws Exception {
    pg.sql("shop", "CREATE ROLE weak LOGIN");
    try (EventReader reader =
        EventReader.connect(server.port(), "weak", config(pg, "weak_slot", "weak"))) {
      Status status = reader.awaitEnd(WAIT);
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription()).contains("role 'weak' lacks the REPLICATION attribute");
    }
  }

  @Test
  @DisplayName(
      "a missing publication the role may not create: FAILED_PRECONDITION with the statement to run")
  void publicationTheRoleMayNotCreate() throws Exception {
    pg.sql(
        "shop",
        "CREATE ROLE replicator LOGIN REPLICATION",
        "GRANT SELECT ON public.orders TO replicator");
    try (EventReader reader =
        EventReader.connect(
            server.port(), "nopub", config(pg, "nopub_slot", "replicator", "publication: nopub"))) {
      Status status = reader.awaitEnd(WAIT);
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription())
          .contains("publication 'nopub' does not exist and role 'replicator' may not create it")
          .contains("CREATE PUBLICATION \"nopub\" FOR TABLE \"public\".\"orders\"");
    }
  }

  @Test
  @DisplayName("a publication without the table: FAILED_PRECONDITION naming the table")
  void publicationWithoutTheTable() throws Exception {
    pg.sql("shop", "CREATE PUBLICATION partial FOR TABLE public.other");
    try (EventReader reader =
        EventReader.connect(
            server.port(),
            "partial",
            config(pg, "partial_slot", "postgres", "publication: partial"))) {
      Status status = reader.awaitEnd(WAIT);
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription())
          .contains("publication 'partial' does not include public.orders")
          .contains("ALTER PUBLICATION");
    }
  }
}
