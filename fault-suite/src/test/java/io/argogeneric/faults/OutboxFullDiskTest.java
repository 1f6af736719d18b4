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
package io.argogeneric.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OutboxSettings;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.RunningServer;
import io.argogeneric.sdk.StreamClosedException;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.StreamSettings;
import io.argogeneric.sdk.internal.EventingEngine;
import io.argogeneric.sdk.internal.runtime.ServerLauncher;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file outbox on a disk that fills up: a 256 KiB tmpfs this test mounts (it runs as root, as CI
 * does), so the store's writes fail with the kernel's own {@code ENOSPC}. The server is the real
 * runtime on loopback; the client a grpc-java client that stops reading, so the outbox grows.
 */
class OutboxFullDiskTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PAYLOAD_BYTES = 1000;

  @TempDir Path dir;
  private Path disk;
  private RunningServer server;
  private ManagedChannel channel;

  /** Hands each stream's context to the test, which emits itself. */
  static final class DiskPlugin extends EventingServer<DiskPlugin.Config> {
    record Config(String note) {}

    final BlockingQueue<StreamContext<Config>> streams = new LinkedBlockingQueue<>();

    DiskPlugin() {
      super(Config.class);
    }

    @Override
    public Optional<OutboxSettings> outbox() {
      return Optional.of(OutboxSettings.defaults());
    }

    @Override
    public StreamSettings streamSettings() {
      return StreamSettings.defaults().withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
    }

    @Override
    public void start(StreamContext<Config> stream) {
      streams.add(stream);
    }
  }

  /** Reads {@code initial} events, then one more per event while {@code reading}. */
  static final class Client extends EventReader {
    final List<Long> seqs = new CopyOnWriteArrayList<>();

    Client(int initial) {
      super(initial);
    }

    @Override
    public void onNext(Event event) {
      seqs.add(event.getPayload().asReadOnlyByteBuffer().getLong());
    }
  }

  @AfterEach
  void stop() throws Exception {
    Faults.stop(channel, server);
    if (disk != null && run("umount", disk.toString()) != 0) {
      run(
          "umount",
          "-l",
          disk.toString()); // still busy: detach it now, the kernel frees it when unused
    }
  }

  @Test
  void aFullDiskEndsTheStreamWithAStatusAndRefusesTheEventItCouldNotStore() throws Exception {
    disk = Files.createDirectory(dir.resolve("disk"));
    assertThat(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString()))
        .as("mounting a 256 KiB tmpfs (this test needs root, as CI has)")
        .isZero();
    DiskPlugin plugin = new DiskPlugin();
    server =
        plugin.launch(
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--outbox-dir",
            disk.toString(),
            "--shutdown-grace",
            "1s");
    EventingEngine<?> engine = ServerLauncher.engineOf(server);
    // a fixed 64 KiB window (no auto-tuning), so a client that reads nothing stalls the stream soon
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .flowControlWindow(65_535)
            .build();

    // 1. a client that reads nothing: every event stays in the outbox's log until the disk is full
    Client stalled = open(0);
    StreamContext<DiskPlugin.Config> run = plugin.streams.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(run).as("the plugin's stream").isNotNull();
    List<Long> accepted = new ArrayList<>();
    StreamClosedException refused = null;
    for (long seq = 1; seq <= 10_000 && refused == null; seq++) {
      byte[] payload = new byte[PAYLOAD_BYTES];
      ByteBuffer.wrap(payload).putLong(seq);
      try {
        EmitResult result = run.emitter().emit(payload);
        assertThat(result).as("emit %d", seq).isEqualTo(EmitResult.ACCEPTED);
        accepted.add(seq);
      } catch (StreamClosedException e) {
        refused = e;
      }
    }
    assertThat(refused).as("an emit refused once the disk is full").isNotNull();
    assertThat(refused)
        .hasMessage("outbox store failed, event not stored: IOException: No space left on device");

    // 2. the client learns it: once it reads again, what gRPC already took, then the status (before
    // the
    // fix the stream stayed open for ever: the write loop was wedged, even the flush timeout's
    // close)
    stalled.request(Integer.MAX_VALUE);
    Status end = stalled.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // gRPC took the first events into its transport buffer and the client's window (they count as
    // delivered and left the log); the rest stayed on the disk until it was full
    int handedToGrpc = stalled.seqs.size();
    assertThat(stalled.seqs)
        .as("events the stalled client read")
        .isEqualTo(accepted.subList(0, handedToGrpc));
    List<Long> onDisk = accepted.subList(handedToGrpc, accepted.size());
    assertThat(onDisk.size())
        .as("events stored on the 256 KiB disk when it filled")
        .isBetween(100, 257);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription())
        .isEqualTo("outbox store failed: IOException: No space left on device");
    assertThat(counter(engine, "eventsource.write.failures", "cause", "outbox_store")).isEqualTo(1);
    assertThat(counter(engine, "eventsource.streams.total", "outcome", "UNAVAILABLE")).isEqualTo(1);
    try {
      run.emitter().emitText("after the end");
      throw new AssertionError("an emit after the store failed was taken");
    } catch (StreamClosedException e) {
      assertThat(e).hasMessageContaining("outbox store failed");
    }

    // 3. the identity's next stream gets every event that was stored, in order, and the disk frees
    // up
    Client reader = open(-1);
    // up to 64 events come again first (below), so wait for the last stored one, not for a count
    long lastStored = onDisk.get(onDisk.size() - 1);
    Waits.until(
        "the next stream receives the " + onDisk.size() + " stored events, the last " + lastStored,
        WAIT,
        () -> reader.seqs.contains(lastStored));
    List<Long> got = List.copyOf(reader.seqs);
    // the delivery mark is written every 64 events, so up to 64 events handed to gRPC before may
    // come again; and events gRPC had not yet reported written when the stream ended were never
    // marked: at most the SDK's 32 KiB of unwritten bytes, 33 events of 1,000 bytes
    assertThat(got.subList(got.size() - onDisk.size(), got.size()))
        .as("the stored events, in order")
        .isEqualTo(onDisk);
    assertThat(got.size() - onDisk.size()).as("events sent again").isBetween(0, 64 + 33);
    assertThat(accepted).as("only accepted events are replayed").containsAll(got);
    int afterEnd = got.size();
    Path log = Files.list(disk).findFirst().orElseThrow().resolve("events.log");
    Waits.until("the delivered backlog leaves the log", WAIT, () -> size(log) == 0);
    StreamContext<DiskPlugin.Config> next = plugin.streams.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(next).as("the next stream's run").isNotNull();
    assertThat(next.emitter().emitText("disk has room again")).isEqualTo(EmitResult.ACCEPTED);
    Waits.until(
        "the next stream receives a new event", WAIT, () -> reader.seqs.size() == afterEnd + 1);
    assertThat(reader.seqs.get(afterEnd))
        .as("the new event's first 8 bytes")
        .isEqualTo(
            ByteBuffer.wrap("disk has room again".getBytes(StandardCharsets.UTF_8)).getLong());
    assertThat(reader.end).isNotDone();
    System.out.printf(
        "outbox-full-disk: %d events accepted (%d handed to gRPC, %d left on the 256 KiB tmpfs) before "
            + "ENOSPC; the next emit threw StreamClosedException; the stream ended %s; the next stream received %d "
            + "(%d sent again)%n",
        accepted.size(), handedToGrpc, onDisk.size(), end, afterEnd, afterEnd - onDisk.size());
  }

  private Client open(int initial) {
    return new Client(initial).start(EventingGrpc.newStub(channel), "disk", "note: full");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static double counter(EventingEngine<?> engine, String name, String tag, String value) {
    var search = engine.metrics().registry().find(name);
    var c = (tag == null ? search : search.tag(tag, value)).counter();
    return c == null ? 0 : c.count();
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      System.out.printf("%s: exit %d: %s%n", String.join(" ", command), rc, out.trim());
    }
    return rc;
  }
}
