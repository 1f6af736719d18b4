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
package io.argogeneric.testkit;

import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.sdk.config.GoDuration;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * One {@code StartEventSource} call, as Argo's client makes it, with its own channel (Argo dials
 * one connection per eventsource). Events are read with real gRPC flow control: by default the
 * stream asks for one message at a time as it takes each, like Argo's synchronous loop; {@link
 * #pause()} stops asking, so the server sees a reader that has stopped.
 *
 * <p>The {@code await} methods read from a cursor: each returns the events after those already
 * returned, so a test can alternate between producing events and awaiting them. {@link #received()}
 * shows everything, read or not.
 *
 * @since 0.1.0
 */
public final class TestStream implements AutoCloseable {
  private final String eventName;
  private final ManagedChannel channel;
  private final VirtualTime time; // null on real time
  private final String callId;
  private final Supplier<TestStream> reconnector;
  private final Object monitor = new Object();
  private final Observer observer = new Observer();
  // guarded by monitor
  private final List<ReceivedEvent> events = new ArrayList<>();
  private int cursor;
  private Status end;
  private boolean paused;
  private long outstanding;
  private volatile ClientCallStreamObserver<EventSource> call;

  TestStream(
      String eventName,
      ManagedChannel channel,
      boolean paused,
      VirtualTime time,
      String callId,
      Supplier<TestStream> reconnector) {
    this.eventName = eventName;
    this.channel = channel;
    this.time = time;
    this.callId = callId;
    this.reconnector = reconnector;
    this.paused = paused;
    this.outstanding = paused ? 0 : 1;
  }

  /** The id the kit tags this stream's call with, to see when the server is done with it. */
  String callId() {
    return callId;
  }

  ClientResponseObserver<EventSource, Event> observer() {
    return observer;
  }

  /** The event name this stream was opened with. */
  public String eventName() {
    return eventName;
  }

  /**
   * Waits until {@code count} more events than the await methods have already returned have come,
   * and returns them. Fails with how many came, and how the stream ended if it did, or else the
   * virtual-time tasks still pending, which run only when the test advances time.
   */
  public List<ReceivedEvent> awaitEvents(int count, Duration timeout) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (events.size() - cursor < count) {
        long left = deadline - System.nanoTime();
        if (end != null || left <= 0) {
          List<ReceivedEvent> got = events.subList(cursor, events.size());
          Assertions.fail(
              "stream '"
                  + eventName
                  + "': expected "
                  + count
                  + " event"
                  + (count == 1 ? "" : "s")
                  + " within "
                  + GoDuration.format(timeout)
                  + ", got "
                  + got.size()
                  + describe(got)
                  + (end != null ? "; the stream ended with " + describe(end) : pendingTime()));
        }
        waitNanos(left);
      }
      List<ReceivedEvent> result = List.copyOf(events.subList(cursor, cursor + count));
      cursor += count;
      return result;
    }
  }

  /** Waits for the next event not yet returned by an await method. */
  public ReceivedEvent awaitEvent(Duration timeout) {
    return awaitEvents(1, timeout).get(0);
  }

  /**
   * Fails if an event that the await methods have not yet returned is present, or arrives within
   * {@code during}. With virtual time on the in-process transport events arrive while time is
   * advanced, so {@code expectNoEvent(Duration.ZERO)} right after an advance is exact.
   */
  public void expectNoEvent(Duration during) {
    long deadline = System.nanoTime() + during.toNanos();
    synchronized (monitor) {
      while (true) {
        if (events.size() > cursor) {
          List<ReceivedEvent> got = events.subList(cursor, events.size());
          Assertions.fail(
              "stream '"
                  + eventName
                  + "': expected no event within "
                  + GoDuration.format(during)
                  + ", got "
                  + got.size()
                  + describe(got));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || end != null) {
          return;
        }
        waitNanos(left);
      }
    }
  }

  /** Every event received so far, in order, whether or not an await method returned it. */
  public List<ReceivedEvent> received() {
    synchronized (monitor) {
      return List.copyOf(events);
    }
  }

  /** True until the stream has ended, by the server or by this client. */
  public boolean isOpen() {
    synchronized (monitor) {
      return end == null;
    }
  }

  /**
   * Waits for the stream to end and returns its status: the server's status, or {@code CANCELLED} /
   * {@code UNAVAILABLE} after this client's {@link #cancel()} or {@link #dropConnection()}.
   */
  public Status awaitEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (end == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          Assertions.fail(
              "stream '"
                  + eventName
                  + "' did not end within "
                  + GoDuration.format(timeout)
                  + " ("
                  + events.size()
                  + " events received)");
        }
        waitNanos(left);
      }
      return end;
    }
  }

  /**
   * Fails unless the stream ends within {@code timeout} with {@code code} and a description
   * containing the text.
   */
  public void assertEndedWith(Status.Code code, String descriptionContains, Duration timeout) {
    Status status = awaitEnd(timeout);
    String description = status.getDescription();
    boolean textMatches =
        descriptionContains == null
            || (description != null && description.contains(descriptionContains));
    if (status.getCode() != code || !textMatches) {
      Assertions.fail(
          "stream '"
              + eventName
              + "': expected it to end with "
              + code
              + (descriptionContains == null ? "" : " containing '" + descriptionContains + "'")
              + ", but it ended with "
              + describe(status));
    }
  }

  /**
   * Stops asking for messages, like an event bus that has stopped reading. At most one message
   * asked for before the pause may still arrive.
   */
  public void pause() {
    synchronized (monitor) {
      paused = true;
    }
  }

  /** Asks the server for {@code n} more messages (the stream stays paused after they come). */
  public void request(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    synchronized (monitor) {
      outstanding += n;
    }
    call.request(n);
  }

  /** Goes back to reading freely, one message at a time as each arrives. */
  public void resume() {
    boolean ask;
    synchronized (monitor) {
      paused = false;
      ask = outstanding == 0;
      if (ask) {
        outstanding = 1;
      }
    }
    if (ask) {
      call.request(1);
    }
  }

  /** Cancels the call, as a client does when it gives up on a stream. */
  public void cancel() {
    call.cancel("cancelled by the test", null);
  }

  /**
   * Ends this stream as Argo's client does before it dials again (it cancels the call and closes
   * its connection), waits until the server has handled that end, and opens the next stream with
   * the same event name, config and token, returned as {@link EventSourceExtension#open} returns
   * it. A stream the server has ended already is just reopened. Argo would wait for its next 5 s
   * tick; this does not: advance time first to model the gap. With an outbox the new stream takes
   * over this one's run and gets what it held; without one it gets a fresh run.
   */
  public TestStream reconnect() {
    cancelQuietly();
    channel.shutdownNow();
    return reconnector.get();
  }

  /** Shuts this stream's channel down at once, as when the client's process or network vanishes. */
  public void dropConnection() {
    channel.shutdownNow();
  }

  /** Cancels the call if it is still open and releases the channel. */
  @Override
  public void close() {
    cancelQuietly();
    releaseChannel();
  }

  void cancelQuietly() {
    if (isOpen() && call != null) {
      cancel();
    }
  }

  void releaseChannel() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    synchronized (monitor) {
      return "TestStream["
          + eventName
          + ", received="
          + events.size()
          + (end == null ? ", open" : ", ended " + describe(end))
          + "]";
    }
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(monitor, Math.max(nanos, 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting on stream '" + eventName + "'", e);
    }
  }

  /** A hint for a test that waits for events virtual time has not made yet. */
  private String pendingTime() {
    if (time == null) {
      return "";
    }
    int pending = time.pendingTasks();
    Optional<Instant> next = time.nextDue();
    if (pending == 0 || next.isEmpty()) {
      return "";
    }
    return "; "
        + pending
        + (pending == 1 ? " virtual-time task is" : " virtual-time tasks are")
        + " pending, the next due at "
        + next.get()
        + " (now "
        + time.now()
        + "): advance es.time() to run "
        + (pending == 1 ? "it" : "them");
  }

  private static String describe(List<ReceivedEvent> got) {
    if (got.isEmpty()) {
      return "";
    }
    int shown = Math.min(got.size(), 5);
    return ": "
        + got.subList(0, shown).stream()
            .map(ReceivedEvent::preview)
            .collect(Collectors.joining(" | "))
        + (got.size() > shown ? " | ..." : "");
  }

  static String describe(Status status) {
    return status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  private final class Observer implements ClientResponseObserver<EventSource, Event> {
    @Override
    public void beforeStart(ClientCallStreamObserver<EventSource> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(paused ? 0 : 1);
    }

    @Override
    public void onNext(Event value) {
      boolean askNext;
      synchronized (monitor) {
        events.add(new ReceivedEvent(value));
        outstanding = Math.max(0, outstanding - 1);
        askNext = !paused && outstanding == 0;
        if (askNext) {
          outstanding = 1;
        }
        monitor.notifyAll();
      }
      if (askNext) {
        call.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      ended(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended(Status.OK);
    }

    private void ended(Status status) {
      synchronized (monitor) {
        if (end == null) {
          end = status;
        }
        monitor.notifyAll();
      }
    }
  }
}
