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

import io.argogeneric.sdk.store.OutboxLog;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.PublishOptions;
import io.nats.client.PurgeOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One identity's outbox on the store's stream: its events are the messages on its subject, its
 * delivered mark a KV key. {@link #append} waits for JetStream's acknowledgement on the emitting
 * thread; {@link #delivered} only records the mark (the engine calls it while draining, under its
 * queue lock), and the store's mark thread writes it and purges what it covers.
 *
 * <p>A mark that cannot be written is not an error: a crash then re-sends the events since the last
 * mark written, and the stream's limits bound what stays behind meanwhile.
 */
final class NatsOutboxLog implements OutboxLog {
  private static final Logger log = LoggerFactory.getLogger(NatsOutboxLog.class);
  static final String SEQ_HEADER = "Argo-Outbox-Seq";
  static final String EMITTED_HEADER = "Argo-Outbox-Emitted-Millis";

  private final NatsStateStore store;
  private final String subject;
  private final String deliveredKey;
  private final PublishOptions publishOptions;
  private final AtomicBoolean markQueued = new AtomicBoolean();
  private final Object lock = new Object();

  /** Serializes mark writes (the mark thread's and close's), so an older mark never lands last. */
  private final Object markWriteLock = new Object();

  /** The stream sequence of each appended event not yet purged, oldest first: [seq, streamSeq]. */
  private final ArrayDeque<long[]> streamSeqs = new ArrayDeque<>(); // guarded by lock

  private long lastAppended; // guarded by lock
  private long lastDelivered; // guarded by lock
  private long markWritten; // guarded by lock
  private boolean markFailing; // the mark thread's only
  private volatile boolean closed;

  private NatsOutboxLog(NatsStateStore store, String token, long mark, long lastAppended) {
    this.store = store;
    this.subject = store.options().subjectRoot() + "." + token;
    this.deliveredKey = "delivered." + token;
    this.publishOptions =
        PublishOptions.builder()
            .expectedStream(store.options().stream())
            .streamTimeout(store.options().timeout())
            .build();
    this.lastDelivered = mark;
    this.markWritten = mark;
    this.lastAppended = lastAppended;
  }

  /** Reads the identity's mark and the sequence of its newest stored event. */
  static NatsOutboxLog open(NatsStateStore store, String token) throws IOException {
    String subject = store.options().subjectRoot() + "." + token;
    try {
      KeyValueEntry mark = store.keyValue().get("delivered." + token);
      long delivered = mark == null ? -1 : Long.parseLong(mark.getValueAsString());
      long last = -1;
      try {
        MessageInfo newest = store.management().getLastMessage(store.options().stream(), subject);
        last = seqOf(newest.getHeaders());
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() != 404) {
          throw e;
        }
      }
      return new NatsOutboxLog(store, token, delivered, last);
    } catch (JetStreamApiException | NumberFormatException e) {
      throw new IOException(
          "NATS store: cannot read the outbox of " + subject + ": " + NatsStateStore.describe(e),
          e);
    }
  }

  private static long seqOf(Headers headers) throws IOException {
    String v = headers == null ? null : headers.getFirst(SEQ_HEADER);
    if (v == null) {
      throw new IOException("a message without the " + SEQ_HEADER + " header");
    }
    return Long.parseLong(v);
  }

  @Override
  public void append(long seq, long emittedMillis, byte[] event) throws IOException {
    if (closed) {
      throw new IOException("NATS store: the outbox of " + subject + " is closed");
    }
    store.checkConnected();
    long max = store.connection().getMaxPayload();
    if (event.length > max) {
      throw new IOException(
          "NATS store: an event of "
              + event.length
              + " bytes is over the NATS server's max_payload of "
              + max
              + " bytes (raise max_payload in the server's configuration)");
    }
    Headers headers = new Headers();
    headers.put(SEQ_HEADER, Long.toString(seq));
    headers.put(EMITTED_HEADER, Long.toString(emittedMillis));
    long streamSeq;
    try {
      streamSeq = store.jetStream().publish(subject, headers, event, publishOptions).getSeqno();
    } catch (JetStreamApiException e) {
      throw new IOException(
          "NATS store: JetStream refused the event: " + NatsStateStore.describe(e), e);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "NATS store: the event was not acknowledged: " + NatsStateStore.describe(e), e);
    }
    synchronized (lock) {
      streamSeqs.addLast(new long[] {seq, streamSeq});
      lastAppended = Math.max(lastAppended, seq);
    }
  }

  @Override
  public void delivered(long seq) {
    synchronized (lock) {
      if (seq <= lastDelivered) {
        return;
      }
      lastDelivered = seq;
    }
    scheduleMark();
  }

  private void scheduleMark() {
    if (!closed && markQueued.compareAndSet(false, true)) {
      try {
        store
            .marks()
            .execute(
                () -> {
                  markQueued.set(false); // a delivery from now on queues another write
                  writeMark();
                });
      } catch (RejectedExecutionException e) {
        markQueued.set(false); // the store is closing: close writes the mark
      }
    }
  }

  /** Writes the newest mark, then purges the messages it covers. Runs on the mark thread. */
  private void writeMark() {
    synchronized (markWriteLock) {
      writeMarkLocked();
    }
  }

  private void writeMarkLocked() {
    long mark;
    long purgeBelow = -1;
    synchronized (lock) {
      mark = lastDelivered;
      if (mark == markWritten) {
        return;
      }
      for (long[] e : streamSeqs) {
        if (e[0] > mark) {
          break;
        }
        purgeBelow = e[1] + 1;
      }
    }
    try {
      store.checkConnected();
      store.keyValue().put(deliveredKey, Long.toString(mark));
      if (purgeBelow > 0) {
        store
            .management()
            .purgeStream(
                store.options().stream(),
                PurgeOptions.builder().subject(subject).sequence(purgeBelow).build());
      }
      synchronized (lock) {
        markWritten = Math.max(markWritten, mark);
        while (!streamSeqs.isEmpty() && streamSeqs.peekFirst()[0] <= mark) {
          streamSeqs.pollFirst();
        }
      }
      if (markFailing) {
        markFailing = false;
        log.info("NATS store: delivery marks of {} written again", subject);
      }
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      if (!markFailing) { // once per failing spell: a log line per event would flood
        markFailing = true;
        log.warn(
            "NATS store: cannot write the delivery mark of {} ({}); delivering on, but a restart"
                + " now re-sends the events since the last mark",
            subject,
            NatsStateStore.describe(e));
      }
    }
  }

  @Override
  public long lastSequence() {
    synchronized (lock) {
      return Math.max(lastAppended, lastDelivered);
    }
  }

  /** Reads the messages on this identity's subject and keeps those after the mark. */
  @Override
  public List<Stored> undelivered() throws IOException {
    long mark;
    synchronized (lock) {
      mark = lastDelivered;
    }
    List<Stored> out = new ArrayList<>();
    List<long[]> seen = new ArrayList<>();
    long newestStreamSeq;
    try {
      store.checkConnected();
      try {
        newestStreamSeq =
            store.management().getLastMessage(store.options().stream(), subject).getSeq();
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() == 404) {
          return out;
        }
        throw e;
      }
      OrderedConsumerContext consumer =
          store
              .jetStream()
              .getStreamContext(store.options().stream())
              .createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject(subject));
      Duration wait = store.options().timeout();
      while (true) {
        Message m = consumer.next(wait);
        if (m == null) {
          throw new IOException(
              "NATS store: the outbox of " + subject + " stopped answering while being read");
        }
        long streamSeq = m.metaData().streamSequence();
        long seq = seqOf(m.getHeaders());
        String emitted = m.getHeaders().getFirst(EMITTED_HEADER);
        if (seq > mark) {
          out.add(new Stored(seq, emitted == null ? 0 : Long.parseLong(emitted), m.getData()));
          seen.add(new long[] {seq, streamSeq});
        }
        if (streamSeq >= newestStreamSeq || m.metaData().pendingCount() == 0) {
          break;
        }
      }
    } catch (JetStreamApiException | io.nats.client.JetStreamStatusCheckedException e) {
      throw new IOException(
          "NATS store: cannot read the outbox of " + subject + ": " + NatsStateStore.describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the outbox of " + subject, e);
    } catch (IllegalStateException e) { // the client's subscription went inactive in a reconnect
      throw new IOException(
          "NATS store: reading the outbox of " + subject + " was cut off: " + e.getMessage(), e);
    }
    synchronized (lock) {
      streamSeqs.clear();
      streamSeqs.addAll(seen);
      for (Stored s : out) {
        lastAppended = Math.max(lastAppended, s.seq());
      }
    }
    return out;
  }

  /** Writes the last mark (on the store I/O thread that closes the identity). */
  void close() {
    closed = true;
    writeMark();
  }
}
