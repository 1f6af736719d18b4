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
package example;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.RunningServer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's minimal plugin: it is this file, and it works. */
class HelloEventSourceTest {

  @Test
  @DisplayName(
      "README.md shows exactly the minimal plugin that this build compiles, in at most 30 lines")
  void readmeShowsThisCode() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    Matcher m =
        Pattern.compile("```java\n(package example;.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find())
        .as("README.md has a ```java block starting with 'package example;'")
        .isTrue();
    String file =
        Files.readString(root.resolve("sdk-core/src/test/java/example/HelloEventSource.java"));
    String source =
        file.substring(file.indexOf("package example;")); // the license header is the repository's
    assertThat(m.group(1)).isEqualTo(source);
    assertThat(source.lines().count()).isLessThanOrEqualTo(30);
  }

  @Test
  @DisplayName(
      "the minimal plugin streams JSON events and refuses a config without its required field")
  void streams() throws Exception {
    try (RunningServer server =
        new HelloEventSource().launch("--port", "0", "--bind", "127.0.0.1")) {
      ManagedChannel channel =
          Grpc.newChannelBuilderForAddress(
                  "127.0.0.1", server.port(), InsecureChannelCredentials.create())
              .build();
      try {
        var stub = EventingGrpc.newBlockingStub(channel);
        Iterator<Event> events =
            stub.startEventSource(
                EventSource.newBuilder()
                    .setName("hello")
                    .setConfig(ByteString.copyFromUtf8("greeting: hi\nevery: 20ms"))
                    .build());
        assertThat(events.next().getPayload().toStringUtf8())
            .contains("\"greeting\":\"hi\"")
            .contains("\"n\":0");
        assertThat(events.next().getPayload().toStringUtf8()).contains("\"n\":1");
        Iterator<Event> bad =
            stub.startEventSource(
                EventSource.newBuilder()
                    .setName("hello")
                    .setConfig(ByteString.copyFromUtf8("every: 1s"))
                    .build());
        try {
          bad.next();
          throw new AssertionError("expected INVALID_ARGUMENT");
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("greeting: is required");
        }
      } finally {
        channel.shutdownNow();
        server.shutdown(Duration.ofMillis(100));
      }
    }
  }
}
