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

import io.argogeneric.sdk.internal.StateStores;
import io.argogeneric.sdk.store.StateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's own file store against the same contract: the contract is the engine's, not NATS'. */
class FileStoreContractTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  StateStore openStore() throws Exception {
    return StateStores.open("file:" + dir, 100);
  }
}
