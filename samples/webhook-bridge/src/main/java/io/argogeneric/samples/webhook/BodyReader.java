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
package io.argogeneric.samples.webhook;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while its bytes are awaited (Jetty calls back when
 * more arrive), and within a deadline for the whole body. A sender that trickles its body, or sends
 * none after its headers, costs a connection until the deadline, never a thread: the pool stays
 * free for other senders however many of them trickle.
 */
final class BodyReader implements Runnable {

  /** How reading ended. */
  sealed interface Outcome {}

  /** The whole body, at most {@code keepAtMost} bytes. */
  record Body(byte[] bytes) implements Outcome {}

  /**
   * More than {@code keepAtMost} bytes. {@code drained}: the rest was read and dropped to its end,
   * so the connection can carry the next request; false when more than {@code readAtMost} was left.
   */
  record TooLarge(boolean drained) implements Outcome {}

  /** The deadline passed before the body's end arrived. */
  record TimedOut() implements Outcome {}

  /** The connection failed, or Jetty refused the content (a malformed chunk, an idle timeout). */
  record Failed(Throwable cause) implements Outcome {}

  private final Request request;
  private final int keepAtMost;
  private final long readAtMost;
  private final Consumer<Outcome> done;
  private final AtomicBoolean finished = new AtomicBoolean();
  private Scheduler.Task deadline;
  private byte[] buf;
  private int kept;
  private long total;

  private BodyReader(Request request, int keepAtMost, long readAtMost, Consumer<Outcome> done) {
    this.request = request;
    this.keepAtMost = keepAtMost;
    this.readAtMost = readAtMost;
    this.done = done;
  }

  /**
   * Reads {@code request}'s body, keeping up to {@code keepAtMost} bytes; past that it reads on and
   * drops up to {@code readAtMost} bytes in all. {@code done} runs once, on a Jetty thread (it may
   * block), or on Jetty's scheduler when {@code timeout} passes first (then it must not block).
   */
  static void read(
      Request request, int keepAtMost, long readAtMost, Duration timeout, Consumer<Outcome> done) {
    BodyReader r = new BodyReader(request, keepAtMost, readAtMost, done);
    // grown as bytes arrive, not sized from Content-Length: a sender that declares 4 MiB and then
    // trickles must not make the bridge hold 4 MiB for it
    r.buf = new byte[Math.min(8192, keepAtMost)];
    r.deadline =
        request
            .getComponents()
            .getScheduler()
            .schedule(() -> r.finish(new TimedOut()), timeout.toNanos(), TimeUnit.NANOSECONDS);
    r.run();
  }

  /** Reads what has arrived; asks Jetty to call again when more does. */
  @Override
  public void run() {
    while (!finished.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        finish(new Failed(chunk.getFailure()));
        return;
      }
      try {
        take(chunk.getByteBuffer());
      } finally {
        chunk.release();
      }
      if (total > keepAtMost && total > readAtMost) {
        finish(new TooLarge(false));
        return;
      }
      if (chunk.isLast()) {
        finish(
            total > keepAtMost
                ? new TooLarge(true)
                : new Body(kept == buf.length ? buf : Arrays.copyOf(buf, kept)));
        return;
      }
    }
  }

  private void take(ByteBuffer bytes) {
    int len = bytes.remaining();
    total += len;
    if (total > keepAtMost) {
      buf = null; // over the limit: nothing more is kept, and what was is dropped
      return;
    }
    if (kept + len > buf.length) {
      buf =
          Arrays.copyOf(
              buf, (int) Math.min(keepAtMost, Math.max(kept + (long) len, 2L * buf.length)));
    }
    bytes.get(buf, kept, len);
    kept += len;
  }

  private void finish(Outcome outcome) {
    if (finished.compareAndSet(false, true)) {
      if (!(outcome instanceof TimedOut)) {
        deadline.cancel();
      }
      done.accept(outcome);
    }
  }
}
