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

import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server while a writer commits and a client reads, then a restart on the same
 * {@code --store}: every committed change arrives, the redelivered ones are counted.
 */
class KillResumeTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int TRANSACTIONS = 1500;
  private static final int ROWS_PER_TRANSACTION = 2;
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  @Test
  @DisplayName(
      "kill -9 mid-stream and a restart with --store: no committed change lost, redeliveries counted")
  void killAndResume(@TempDir Path store) throws Exception {
    try (PostgresServer pg = new PostgresServer()) {
      pg.sql("postgres", "CREATE DATABASE shop");
      pg.sql("shop", "CREATE TABLE public.ledger (id bigserial PRIMARY KEY, n int NOT NULL)");
      String config =
          CaptureTest.config(pg, "ledger_slot", "postgres")
              .replace("public.orders", "public.ledger");
      Path storeDir = Files.createDirectories(store.resolve("positions"));
      List<String> received = new ArrayList<>();
      AtomicInteger committed = new AtomicInteger();
      CompletableFuture<Void> writer;

      try (SampleProcess first =
              new SampleProcess(List.of("-Xmx256m"), "--store", storeDir.toString());
          EventReader reader = EventReader.connect(first.port(), "ledger", config)) {
        CaptureTest.awaitSlotActive(pg, "ledger_slot");
        writer = CompletableFuture.runAsync(() -> write(pg, committed));
        reader.awaitReceived(TRANSACTIONS * ROWS_PER_TRANSACTION / 4, WAIT);
        first.kill9();
        int atKill = reader.received.size();
        assertThat(atKill)
            .as("the kill lands mid-stream: changes were still to come")
            .isLessThan(TRANSACTIONS * ROWS_PER_TRANSACTION);
        reader.awaitEnd(WAIT);
        received.addAll(reader.received);
      }
      int beforeKill = received.size();
      writer.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      int total = committed.get();

      try (SampleProcess second =
              new SampleProcess(List.of("-Xmx256m"), "--store", storeDir.toString());
          EventReader reader = EventReader.connect(second.port(), "ledger", config)) {
        Waits.until(
            "every committed change received (" + total + ")",
            WAIT,
            () -> distinct(received, reader.received).size() >= total,
            () -> "received " + distinct(received, reader.received).size() + "; log " + second.log);
        received.addAll(reader.received);
        List<Integer> afterRestart = values(reader.received);
        // commit order after the restart too
        assertThat(afterRestart).isSorted();
      }
      Set<Integer> unique = distinct(received, List.of());
      int duplicates = received.size() - unique.size();
      System.out.printf(
          "changes committed=%d events received=%d duplicates=%d (received before the kill: %d)%n",
          total, received.size(), duplicates, beforeKill);
      assertThat(unique).as("no committed change lost").hasSize(total);
      for (int n = 1; n <= total; n++) {
        assertThat(unique).contains(n);
      }
      // redeliveries happen only around the kill: at most what the server could have held
      assertThat(duplicates).isLessThanOrEqualTo(1024);
    }
  }

  /** One writer, so the values increase in commit order; each committed row counts. */
  private static void write(PostgresServer pg, AtomicInteger committed) {
    try (Connection c = pg.connect("shop");
        PreparedStatement insert = c.prepareStatement("INSERT INTO public.ledger (n) VALUES (?)")) {
      c.setAutoCommit(false);
      int n = 0;
      for (int t = 0; t < TRANSACTIONS; t++) {
        for (int r = 0; r < ROWS_PER_TRANSACTION; r++) {
          insert.setInt(1, ++n);
          insert.executeUpdate();
        }
        c.commit();
        committed.set(n);
        if (t % 5 == 0) {
          Thread.sleep(10); // spread the commits over a few seconds, so the kill lands among them
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Integer> values(List<String> payloads) {
    List<Integer> values = new ArrayList<>();
    for (String p : payloads) {
      Matcher m = N.matcher(p);
      if (m.find()) {
        values.add(Integer.parseInt(m.group(1)));
      }
    }
    return values;
  }

  private static Set<Integer> distinct(List<String> a, List<String> b) {
    Set<Integer> all = new HashSet<>(values(a));
    all.addAll(values(b));
    return all;
  }
}
