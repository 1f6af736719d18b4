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

import io.argogeneric.sdk.RunningServer;

/**
 * What a test class shares: a PostgreSQL with a {@code shop} database and the sample's server (gRPC
 * and admin on free loopback ports); close() stops the server, then the database.
 */
final class ShopServer implements AutoCloseable {
  final PostgresServer pg;
  final RunningServer server;

  private ShopServer(PostgresServer pg, RunningServer server) {
    this.pg = pg;
    this.server = server;
  }

  /** Starts both, running {@code shopStatements} in the new database first. */
  static ShopServer start(String... shopStatements) throws Exception {
    PostgresServer pg = new PostgresServer();
    try {
      pg.sql("postgres", "CREATE DATABASE shop");
      pg.sql("shop", shopStatements);
      RunningServer server =
          new PostgresCdc().launch("--port", "0", "--bind", "127.0.0.1", "--admin-port", "0");
      return new ShopServer(pg, server);
    } catch (Exception | Error e) {
      pg.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      pg.close();
    }
  }
}
