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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while the tables change by far more than the server's heap: the
 * capture stalls, the slot holds the WAL (its lag metric shows it), the server's heap stays within
 * a small -Xmx, and everything arrives, in order, once the client reads again.
 */
class SlowReaderTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int ROWS = 20_000;
  private static final int ROW_BYTES = 2_000; // about 40 MB of row images in all
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  @Test
  @DisplayName(
      "a stalled client: the slot holds the WAL, the server's heap stays bounded, nothing is lost")
  void stalledClient() throws Exception {
    try (PostgresServer pg = new PostgresServer();
        SampleProcess server =
            new SampleProcess(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"))) {
      pg.sql("postgres", "CREATE DATABASE shop");
      pg.sql("shop", "CREATE TABLE public.blobs (n int PRIMARY KEY, body text NOT NULL)");
      try (EventReader reader =
          EventReader.connect(
              server.port(),
              "blobs",
              CaptureTest.config(pg, "blobs_slot", "postgres")
                  .replace("public.orders", "public.blobs"),
              1)) {
        CaptureTest.awaitSlotActive(pg, "blobs_slot");
        for (int from = 1; from <= ROWS; from += 1000) {
          pg.sql(
              "shop",
              "INSERT INTO public.blobs SELECT g, repeat(md5(g::text), "
                  + ROW_BYTES / 32
                  + ") FROM generate_series("
                  + from
                  + ", "
                  + (from + 999)
                  + ") g");
        }
        reader.awaitReceived(1, WAIT);
        // the capture stalls behind the client: the slot's lag grows past most of what was written
        Waits.until(
            "the slot to hold the unread WAL",
            WAIT,
            () -> metric(server, "pgcdc_slot_lag_bytes") > ROWS * (double) ROW_BYTES / 2,
            () -> "lag " + metric(server, "pgcdc_slot_lag_bytes") + "; log " + server.log);
        double heap = heapUsed(server);
        assertThat(server.isAlive())
            .as("no OutOfMemoryError under -Xmx64m; log %s", server.log)
            .isTrue();
        assertThat(reader.received).hasSize(1);

        reader.request(Integer.MAX_VALUE);
        reader.awaitReceived(ROWS, WAIT);
        List<Integer> values = new ArrayList<>();
        for (String p : reader.received) {
          Matcher m = N.matcher(p);
          assertThat(m.find()).isTrue();
          values.add(Integer.parseInt(m.group(1)));
        }
        assertThat(values).hasSize(ROWS).isSorted().doesNotHaveDuplicates();
        assertThat(server.isAlive()).isTrue();
        System.out.printf(
            "slow reader: %d rows of %d bytes held back by the slot; server heap in use while stalled: %.1f MiB (-Xmx64m)%n",
            ROWS, ROW_BYTES, heap / (1024 * 1024));
        Waits.until(
            "the slot acknowledged up to the delivered changes",
            WAIT,
            () -> metric(server, "pgcdc_slot_lag_bytes") < ROWS * (double) ROW_BYTES / 2,
            () ->
                "lag "
                    + metric(server, "pgcdc_slot_lag_bytes")
                    + "; log "
                    + server.log.subList(Math.max(0, server.log.size() - 40), server.log.size())
                    + "; postgres log "
                    + pg.log());
      }
    }
  }

  private static double metric(SampleProcess server, String name) {
    try {
      return server.metric(name);
    } catch (Exception e) {
      return -1;
    }
  }

  private static double heapUsed(SampleProcess server) throws Exception {
    double sum = 0;
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    for (String line : r.body().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
