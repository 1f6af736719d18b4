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

import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.testfixtures.EventReader;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * A plain grpc-java client of a server started outside the testkit: one stream on its own channel,
 * read freely.
 */
final class GrpcReader extends EventReader implements AutoCloseable {
  private final ManagedChannel channel;

  GrpcReader(int port, String name, String config) {
    this(port, name, config, AUTO);
  }

  /** A reader that takes only {@code initialRequest} events until the test asks for more. */
  GrpcReader(int port, String name, String config, int initialRequest) {
    super(initialRequest);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    start(EventingGrpc.newStub(channel), name, config);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
