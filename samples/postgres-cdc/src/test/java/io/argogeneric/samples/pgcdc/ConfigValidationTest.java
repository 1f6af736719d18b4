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

import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.ConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every config mistake is reported at once, each with its field. */
class ConfigValidationTest {
  private static final PgCdcConfig.Connection CONN =
      new PgCdcConfig.Connection("db", null, "shop", "argo", null);

  private static List<String> problems(PgCdcConfig config) {
    ConfigErrors errors = new ConfigErrors();
    new PostgresCdc().validate(config, errors);
    return errors.problems().stream().map(ConfigException.Problem::toString).toList();
  }

  @Test
  @DisplayName("a good config has no problem; defaults apply")
  void good() {
    PgCdcConfig c =
        new PgCdcConfig(CONN, List.of("public.orders"), "argo_orders", null, null, null, null);
    assertThat(problems(c)).isEmpty();
    assertThat(c.publicationOrDefault()).isEqualTo("argo_orders");
    assertThat(c.initialSnapshot()).isFalse();
    assertThat(c.heartbeatOrDefault()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.connection().portOrDefault()).isEqualTo(5432);
  }

  @Test
  @DisplayName("bad tables, slot, publication, snapshot mode, columns and heartbeat: each named")
  void bad() {
    PgCdcConfig c =
        new PgCdcConfig(
            new PgCdcConfig.Connection(" ", 70000, "shop", "argo", null),
            List.of("public.orders", "orders", "public.orders"),
            "Bad-Slot",
            "pub lication",
            "sometimes",
            List.of("public.other.x", "nodots"),
            Duration.ofMillis(10));
    assertThat(problems(c))
        .containsExactly(
            "connection.host: must not be empty",
            "connection.port: must be between 1 and 65535: 70000",
            "tables[1]: expected schema.table (letters, digits, _, $): orders",
            "tables[2]: listed twice: public.orders",
            "slot: expected 1 to 63 lower-case letters, digits or _ (PostgreSQL's rule): Bad-Slot",
            "publication: expected letters, digits, _ or $: pub lication",
            "snapshotMode: expected none or initial: sometimes",
            "dropColumns[0]: names a table not in tables: public.other.x",
            "dropColumns[1]: expected schema.table.column: nodots",
            "heartbeatInterval: must be between 100ms and 1h");
  }

  @Test
  @DisplayName("no table at all")
  void noTables() {
    assertThat(problems(new PgCdcConfig(CONN, List.of(), "s", null, "initial", null, null)))
        .containsExactly("tables: name at least one table, as schema.table");
  }
}
