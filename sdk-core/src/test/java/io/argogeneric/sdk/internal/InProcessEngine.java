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
package io.argogeneric.sdk.internal;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;

/**
 * Engines served over in-process channels, as the outbox and write-path tests use them; close()
 * stops them all.
 */
final class InProcessEngine extends ServedEngines {
  /** The name of the server started last, which connect() reaches. */
  private String name;

  @Override
  Server start(ServerServiceDefinition service) throws IOException {
    name = InProcessServerBuilder.generateName();
    return InProcessServerBuilder.forName(name)
        .directExecutor()
        .addService(service)
        .build()
        .start();
  }

  @Override
  ManagedChannel connect(Server server) {
    return InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @Override
  void disconnect(ManagedChannel channel) {
    channel.shutdownNow();
  }
}
