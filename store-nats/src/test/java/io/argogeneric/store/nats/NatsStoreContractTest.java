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
package io.argogeneric.store.nats;

import io.argogeneric.sdk.store.StateStore;
import io.argogeneric.testfixtures.NatsServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** The store contract on a real nats-server with JetStream; each test has streams of its own. */
class NatsStoreContractTest extends StateStoreContract {
  static NatsServer nats;
  private String prefix;

  @BeforeAll
  static void startNats() {
    nats = NatsServer.start();
  }

  @AfterAll
  static void stopNats() {
    nats.close();
  }

  @BeforeEach
  void prefix(TestInfo test) {
    prefix = "t-" + test.getTestMethod().orElseThrow().getName();
  }

  @Override
  StateStore openStore() throws Exception {
    return new NatsStateStoreProvider().open(URI.create(nats.url() + "?prefix=" + prefix));
  }

  @Override
  void abandon(StateStore store) throws Exception {
    ((NatsStateStore) store).connection().close(); // the marks not yet written are lost with it
  }
}
