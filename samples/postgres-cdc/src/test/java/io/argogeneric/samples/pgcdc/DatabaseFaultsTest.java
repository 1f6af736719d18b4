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

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The database going away, coming back, and losing the slot, under a live stream. */
class DatabaseFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static ShopServer shop;
  private static PostgresServer pg;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    shop = ShopServer.start("CREATE TABLE public.orders (id int PRIMARY KEY, item text)");
    pg = shop.pg;
    server = shop.server;
  }

  @AfterAll
  static void stop() throws Exception {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  @DisplayName(
      "PostgreSQL down: the stream stays open, failures are counted, and capture goes on after the restart without loss or repeat")
  void databaseRestart() throws Exception {
    try (EventReader reader =
        EventReader.connect(
            server.port(), "restart", CaptureTest.config(pg, "restart_slot", "postgres"))) {
      CaptureTest.awaitSlotActive(pg, "restart_slot");
      pg.sql("shop", "INSERT INTO public.orders VALUES (1, 'before')");
      reader.awaitReceived(1, WAIT);
      double failuresBefore = metric("pgcdc_database_failures_total");

      pg.stop();
      Waits.until(
          "failed attempts to reach the database counted",
          WAIT,
          () -> metric("pgcdc_database_failures_total") > failuresBefore);
      assertThat(metric("pgcdc_database_waiting")).isEqualTo(1.0);
      assertThat(reader.end).as("the stream stays open while the database is down").isNotDone();

      pg.start();
      pg.sql("shop", "INSERT INTO public.orders VALUES (2, 'after')");
      reader.awaitReceived(2, WAIT);
      assertThat(ids(reader.received)).containsExactly(1, 2);
      Waits.until("no stream waits any more", WAIT, () -> metric("pgcdc_database_waiting") == 0);
      assertThat(reader.end).isNotDone();
    }
  }

  @Test
  @DisplayName(
      "the slot dropped while no stream read it: the stream's next run ends with FAILED_PRECONDITION naming the slot")
  void droppedSlot() throws Exception {
    String config = CaptureTest.config(pg, "dropped_slot", "postgres");
    try (EventReader reader = EventReader.connect(server.port(), "dropped", config)) {
      CaptureTest.awaitSlotActive(pg, "dropped_slot");
      pg.sql("shop", "INSERT INTO public.orders VALUES (100, 'x')");
      reader.awaitReceived(1, WAIT);
    }
    Waits.until("the slot released", WAIT, () -> !CaptureTest.slotActive(pg, "dropped_slot"));
    pg.sql("shop", "SELECT pg_drop_replication_slot('dropped_slot')");
    try (EventReader again = EventReader.connect(server.port(), "dropped", config)) {
      Status status = again.awaitEnd(WAIT);
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription())
          .contains("replication slot 'dropped_slot' no longer exists");
    }
  }

  private static List<Integer> ids(List<String> payloads) {
    List<Integer> ids = new ArrayList<>();
    for (String p : payloads) {
      int at = p.indexOf("\"key\":{\"id\":") + 12;
      ids.add(Integer.parseInt(p.substring(at, p.indexOf('}', at))));
    }
    return ids;
  }

  private static double metric(String name) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      for (String line : r.body().split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return -1;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
