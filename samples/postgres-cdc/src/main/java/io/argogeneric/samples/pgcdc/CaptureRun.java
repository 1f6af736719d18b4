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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.StreamContext;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's capture: checks the database, runs Debezium's embedded engine on the stream's slot,
 * emits each row change with its position, and acknowledges to the slot only what the SDK has
 * recorded. Restarts the engine with backoff when the database goes away; ends the stream with
 * FAILED_PRECONDITION when a person must act.
 *
 * <p>Why acknowledgements wait: Debezium tells PostgreSQL to release WAL up to the offsets it
 * commits. Were that the offset of every change handed to the SDK's buffer, a crash with changes
 * still buffered would lose them, since the slot would no longer hold them. So the engine commits
 * only offsets of changes whose position the SDK has recorded (the event reached gRPC), read back
 * through {@link StreamContext#lastPosition} at each batch; heartbeats make batches come while the
 * tables are quiet.
 */
final class CaptureRun implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(CaptureRun.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration LAG_EVERY = Duration.ofSeconds(5);

  /** A run that lasted this long was healthy: the next failure starts backing off afresh. */
  private static final Duration HEALTHY = Duration.ofSeconds(30);

  private final StreamContext<PgCdcConfig> stream;
  private final PgCdcConfig config;
  private final Preconditions checks;
  private final CdcMetrics metrics;
  private final String runId = UUID.randomUUID().toString();
  private final Object lock = new Object();
  private volatile boolean stopped;
  private Thread thread;

  // touched by the engine's one task thread only (one engine at a time per run)
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long nextSeq;
  private long lastEmittedSeq;
  private volatile Map<String, ?> lastEmittedOffset;
  private volatile Map<String, ?> resumeOffset;

  /** A change (or a heartbeat) not yet acknowledged to the slot. */
  private record Pending(long seq, Map<String, ?> offset, boolean marker) {}

  CaptureRun(StreamContext<PgCdcConfig> stream, CdcMetrics metrics) {
    this.stream = stream;
    this.config = stream.config();
    this.checks = new Preconditions(config);
    this.metrics = metrics;
  }

  void start() {
    thread = new Thread(this, "pgcdc-" + config.slot());
    thread.setDaemon(true);
    stream.onStop(this::stop);
    thread.start();
  }

  private void stop() {
    stopped = true;
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Starts from the identity's last recorded position. Read again before each start until this run
   * has emitted: an older run of the same identity (Argo reconnected while it still held the slot)
   * may have gone on emitting meanwhile.
   */
  private void readPosition() {
    Optional<CdcPosition> last = stream.lastPosition(CdcPosition.class);
    nextSeq = last.map(p -> p.seq() + 1).orElse(1L);
    lastEmittedSeq = nextSeq - 1;
    resumeOffset = last.map(CdcPosition::offset).orElse(null);
  }

  @Override
  public void run() {
    readPosition();
    log.info(
        "stream '{}' captures {} through slot '{}', {}",
        stream.eventName(),
        config.tables(),
        config.slot(),
        resumeOffset == null ? "from now (no position)" : "resuming after event #" + (nextSeq - 1));
    AtomicLong lag = metrics.slotLag(config.slot());
    Duration backoff = FIRST_BACKOFF;
    boolean waiting = false;
    try {
      while (!stopped && stream.isActive()) {
        String trouble;
        try {
          if (lastEmittedOffset == null) {
            readPosition();
          }
          checks.ensure(resumeOffset != null);
          if (waiting) {
            waiting = false;
            metrics.waiting(false);
            log.info(
                "stream '{}': database {} reachable again", stream.eventName(), checks.jdbcUrl());
          }
          long startedAt = System.nanoTime();
          trouble = runEngine(lag);
          if (trouble == null) {
            return; // the stream ended
          }
          if (System.nanoTime() - startedAt > HEALTHY.toNanos()) {
            backoff = FIRST_BACKOFF;
          }
        } catch (Preconditions.Unmet e) {
          log.warn("stream '{}' ends: {}", stream.eventName(), e.getMessage());
          stream.end(Status.FAILED_PRECONDITION.withDescription(e.getMessage()));
          return;
        } catch (Preconditions.Unreachable e) {
          if (!waiting) {
            waiting = true;
            metrics.waiting(true);
          }
          metrics.databaseFailed();
          trouble = e.getMessage();
        }
        metrics.rateLimitedWarn(
            log,
            "stream '"
                + stream.eventName()
                + "': "
                + trouble
                + "; retrying in "
                + backoff.toMillis()
                + " ms");
        pause(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    } catch (RuntimeException e) {
      log.error("stream '{}': capture failed", stream.eventName(), e);
      stream.end(Status.INTERNAL.withDescription("capture failed: " + e));
    } finally {
      if (waiting) {
        metrics.waiting(false);
      }
      metrics.releaseSlot(config.slot());
    }
  }

  private void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    synchronized (lock) {
      long left;
      while (!stopped && (left = until - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
        }
      }
    }
  }

  /**
   * Runs one engine until it fails or the stream ends, reading the slot's lag meanwhile.
   *
   * @return why the engine stopped, or null when the stream ended
   */
  private String runEngine(AtomicLong lag) {
    CompletableFuture<String> done = new CompletableFuture<>();
    Properties props = engineProperties();
    if (resumeOffset != null) {
      try {
        PositionOffsetStore.prepare(runId, JSON.writeValueAsBytes(resumeOffset));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("offset not writable as JSON: " + resumeOffset, e);
      }
    }
    DebeziumEngine<RecordChangeEvent<SourceRecord>> engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(props)
            .notifying(this::handleBatch)
            .using(
                (success, message, error) ->
                    done.complete(
                        success
                            ? "capture stopped: " + message
                            : "capture failed: " + (error == null ? message : rootMessage(error))))
            .build();
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pgcdc-engine-" + config.slot());
              t.setDaemon(true);
              return t;
            });
    executor.execute(engine);
    Connection lagDb = null;
    try {
      while (true) {
        if (stopped || !stream.isActive()) {
          return null;
        }
        try {
          String why = done.get(LAG_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          return stopped || !stream.isActive() ? null : why;
        } catch (TimeoutException e) {
          lagDb = readLag(lagDb, lag);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        } catch (java.util.concurrent.ExecutionException e) {
          return "capture failed: " + rootMessage(e);
        }
      }
    } finally {
      PositionOffsetStore.forget(runId);
      closeQuietly(lagDb);
      try {
        engine.close();
      } catch (java.io.IOException | RuntimeException e) {
        log.debug("closing the engine", e);
      }
      executor.shutdown();
      // the engine's last offset: where a restart of this run goes on from
      if (lastEmittedOffset != null) {
        resumeOffset = lastEmittedOffset;
      }
    }
  }

  private Connection readLag(Connection db, AtomicLong lag) {
    try {
      if (db == null || db.isClosed()) {
        db = checks.connect();
      }
      lag.set(checks.slotLagBytes(db));
      return db;
    } catch (SQLException | Preconditions.Unreachable | Preconditions.Unmet e) {
      closeQuietly(db);
      return null; // the engine notices the database too; the lag stays at its last value
    }
  }

  private static void closeQuietly(Connection db) {
    if (db != null) {
      try {
        db.close();
      } catch (SQLException e) {
        log.debug("closing the lag connection", e);
      }
    }
  }

  private void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    acknowledge(records.get(0), committer);
    for (RecordChangeEvent<SourceRecord> change : records) {
      SourceRecord record = change.record();
      Map<String, ?> offset = record.sourceOffset();
      ObjectNode event = ChangePayload.of(record);
      if (event != null) {
        long seq = nextSeq++;
        emit(event, new CdcPosition(seq, new LinkedHashMap<>(offset)));
        lastEmittedSeq = seq;
        lastEmittedOffset = offset;
        pending.addLast(new Pending(seq, offset, false));
      } else if (offset != null) {
        // a heartbeat or a commit marker: safe to acknowledge once every change before it is
        Pending tail = pending.peekLast();
        if (tail != null && tail.marker() && tail.seq() == lastEmittedSeq) {
          pending
              .removeLast(); // a newer marker at the same place replaces it: the deque stays small
        }
        pending.addLast(new Pending(lastEmittedSeq, offset, true));
      }
    }
    acknowledge(records.get(records.size() - 1), committer);
    committer.markBatchFinished();
  }

  /** Marks processed, through the newest one the SDK has recorded, the pending changes. */
  private void acknowledge(
      RecordChangeEvent<SourceRecord> template,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    if (pending.isEmpty()) {
      return;
    }
    long recorded = stream.lastPosition(CdcPosition.class).map(CdcPosition::seq).orElse(0L);
    Map<String, ?> acknowledged = null;
    while (!pending.isEmpty() && pending.peekFirst().seq() <= recorded) {
      acknowledged = pending.pollFirst().offset();
    }
    if (acknowledged != null) {
      DebeziumEngine.Offsets offsets = committer.buildOffsets();
      acknowledged.forEach(offsets::set);
      committer.markProcessed(template, offsets);
    }
  }

  private void emit(ObjectNode event, CdcPosition position) throws InterruptedException {
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("change not writable as JSON", e);
    }
    // BLOCK: a slow reader stalls the engine here; the slot holds the WAL meanwhile
    while (stream.emitter().emit(payload, position) != EmitResult.ACCEPTED) {
      if (stopped || !stream.isActive()) {
        throw new InterruptedException("the stream ended");
      }
    }
    metrics.changeEmitted();
  }

  private Properties engineProperties() {
    PgCdcConfig.Connection c = config.connection();
    Properties p = new Properties();
    p.setProperty("name", "pgcdc-" + config.slot());
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("offset.storage", PositionOffsetStore.class.getName());
    p.setProperty(PositionOffsetStore.ID, runId);
    p.setProperty("offset.flush.interval.ms", "1000");
    // every failure ends the engine; this run decides whether and when to start again
    p.setProperty("errors.max.retries", "0");
    p.setProperty("topic.prefix", "argo");
    p.setProperty("database.hostname", c.host());
    p.setProperty("database.port", String.valueOf(c.portOrDefault()));
    p.setProperty("database.user", c.user());
    try {
      String password = checks.password();
      if (password != null) {
        p.setProperty("database.password", password);
      }
    } catch (Preconditions.Unmet e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    p.setProperty("database.dbname", c.database());
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", config.slot());
    p.setProperty("slot.drop.on.stop", "false");
    // Debezium refuses an offset older than the slot's restart LSN, assuming offsets lead and the
    // slot trails. Here the slot is acknowledged up to what the SDK recorded, which can be newer
    // than the position --store last wrote (or this run's restart point): PostgreSQL then streams
    // from the slot's confirmed position, past changes already handed to a client. A slot that
    // really lost WAL is refused by Preconditions (wal_status 'lost').
    p.setProperty("log.position.check.enable", "false");
    p.setProperty("publication.name", config.publicationOrDefault());
    p.setProperty("publication.autocreate.mode", "disabled");
    List<String> tables = new ArrayList<>();
    for (String t : config.tables()) {
      tables.add(t.replace(".", "\\."));
    }
    p.setProperty("table.include.list", String.join(",", tables));
    if (!config.dropColumnsOrEmpty().isEmpty()) {
      List<String> columns = new ArrayList<>();
      for (String col : config.dropColumnsOrEmpty()) {
        columns.add(col.replace(".", "\\."));
      }
      p.setProperty("column.exclude.list", String.join(",", columns));
    }
    p.setProperty("snapshot.mode", config.initialSnapshot() ? "initial" : "no_data");
    p.setProperty("heartbeat.interval.ms", String.valueOf(config.heartbeatOrDefault().toMillis()));
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("decimal.handling.mode", "string");
    // bounded hand-over between Debezium's reader and this consumer: a slow client stalls the
    // reader, and the slot, not this process, holds what is not yet read
    p.setProperty("max.queue.size", "1024");
    p.setProperty("max.batch.size", "256");
    p.setProperty("max.queue.size.in.bytes", String.valueOf(16L * 1024 * 1024));
    return p;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
  }
}
