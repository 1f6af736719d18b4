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

import io.argogeneric.sdk.store.IdentityState;
import io.argogeneric.sdk.store.OutboxLog;
import io.argogeneric.sdk.store.StateStore;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on NATS JetStream. Positions are keys of a KV bucket ({@code
 * position.<identity>}); outbox events are messages of one stream with file storage, on a subject
 * per identity ({@code <prefix>.outbox.<identity>}), each carrying its sequence number and emit
 * time in headers. An identity's delivered mark is a KV key too ({@code delivered.<identity>}): the
 * undelivered events are the messages on its subject after the mark. Once a mark is written the
 * messages up to it are purged, so the stream holds only backlogs.
 *
 * <p>Every write waits for JetStream's acknowledgement (stored, on the replicas the stream has),
 * within the {@code timeout} option; while the connection is down, writes fail at once instead of
 * queueing in the client. The connection reconnects on its own, forever.
 */
final class NatsStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(NatsStateStore.class);

  private final NatsStoreOptions options;
  private final Connection connection;
  private final JetStream jetStream;
  private final JetStreamManagement management;
  private final KeyValue keyValue;

  /** One thread writes every identity's delivered marks, coalesced per identity. */
  private final ExecutorService marks;

  private NatsStateStore(
      NatsStoreOptions options,
      Connection connection,
      JetStream jetStream,
      JetStreamManagement management,
      KeyValue keyValue) {
    this.options = options;
    this.connection = connection;
    this.jetStream = jetStream;
    this.management = management;
    this.keyValue = keyValue;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), // at most one queued task per open identity
            r -> {
              Thread t = new Thread(r, "nats-store-marks");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.marks = pool;
  }

  /**
   * Connects, creates the stream and the bucket when they do not exist (an existing one is used as
   * it is), and checks that JetStream answers.
   */
  static NatsStateStore open(NatsStoreOptions options) throws IOException {
    Options.Builder builder =
        new Options.Builder()
            .servers(options.servers().toArray(String[]::new))
            .connectionName("argo-generic-store")
            .connectionTimeout(options.timeout())
            .maxReconnects(-1)
            .reconnectWait(java.time.Duration.ofMillis(500))
            .reconnectBufferSize(0) // no writes queued while disconnected: they fail instead
            // after a server restart the shared reply subscription of the default request style
            // sometimes stops getting JetStream's answers (jnats 2.24.1 against nats-server 2.9):
            // a reply subject per request and no host name re-resolution kept them coming
            .oldRequestStyle()
            .noResolveHostnames()
            .connectionListener(NatsStateStore::connectionEvent);
    NatsCredentials.apply(options, builder);
    Connection connection;
    try {
      connection = Nats.connect(builder.build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to NATS", e);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "cannot connect to NATS at "
              + String.join(",", options.servers())
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(options.timeout()).build();
      JetStreamManagement management = connection.jetStreamManagement(jso);
      ensureStream(management, options);
      ensureBucket(connection, options);
      KeyValue kv =
          connection.keyValue(
              options.bucket(), KeyValueOptions.builder().jetStreamOptions(jso).build());
      return new NatsStateStore(options, connection, connection.jetStream(jso), management, kv);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      closeQuietly(connection);
      throw new IOException(
          "NATS at "
              + String.join(",", options.servers())
              + ": cannot set up JetStream stream "
              + options.stream()
              + " and bucket "
              + options.bucket()
              + " (is JetStream enabled, and may this user manage streams?): "
              + describe(e),
          e);
    }
  }

  private static void ensureStream(JetStreamManagement management, NatsStoreOptions options)
      throws IOException, JetStreamApiException {
    String subjects = options.subjectRoot() + ".>";
    StreamInfo info = null;
    try {
      info = management.getStreamInfo(options.stream());
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != 404) {
        throw e;
      }
    }
    if (info == null) {
      management.addStream(
          StreamConfiguration.builder()
              .name(options.stream())
              .subjects(subjects)
              .storageType(StorageType.File)
              .replicas(options.replicas())
              .maxAge(options.maxAge())
              .maxBytes(options.maxBytes())
              // full: an emit fails (the stream ends UNAVAILABLE) rather than an accepted event
              // being dropped to make room
              .discardPolicy(DiscardPolicy.New)
              .build());
      log.info(
          "NATS store: created stream {} (subjects {}, file storage, {} replicas, max age {},"
              + " max bytes {})",
          options.stream(),
          subjects,
          options.replicas(),
          options.maxAge(),
          options.maxBytes());
      return;
    }
    StreamConfiguration config = info.getConfiguration();
    if (!config.getSubjects().contains(subjects)) {
      throw new IOException(
          "the existing stream "
              + options.stream()
              + " has subjects "
              + config.getSubjects()
              + ", not "
              + subjects
              + ": name another one with stream= or prefix=");
    }
    if (config.getReplicas() != options.replicas()) {
      log.warn(
          "NATS store: stream {} exists with {} replicas, not the {} asked for; used as it is",
          options.stream(),
          config.getReplicas(),
          options.replicas());
    }
  }

  private static void ensureBucket(Connection connection, NatsStoreOptions options)
      throws IOException, JetStreamApiException {
    var kvm = connection.keyValueManagement();
    try {
      kvm.getStatus(options.bucket());
      return;
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != 404) {
        throw e;
      }
    }
    kvm.create(
        KeyValueConfiguration.builder()
            .name(options.bucket())
            .storageType(StorageType.File)
            .replicas(options.replicas())
            .maxHistoryPerKey(1)
            .build());
    log.info(
        "NATS store: created KV bucket {} (file storage, {} replicas)",
        options.bucket(),
        options.replicas());
  }

  private static void connectionEvent(Connection conn, ConnectionListener.Events event) {
    switch (event) {
      case DISCONNECTED ->
          log.warn("NATS store: disconnected; reconnecting (writes fail until then)");
      case RECONNECTED -> log.info("NATS store: reconnected to {}", conn.getConnectedUrl());
      case CLOSED -> log.info("NATS store: connection closed");
      default -> {}
    }
  }

  @Override
  public IdentityState open(String eventName, String configHash) throws IOException {
    checkConnected();
    return new Identity(identityToken(eventName, configHash));
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public void close() {
    marks.shutdown();
    try {
      marks.awaitTermination(options.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(connection);
  }

  @Override
  public String toString() {
    return "nats://" + String.join(",", options.servers()) + " (stream " + options.stream() + ")";
  }

  NatsStoreOptions options() {
    return options;
  }

  JetStream jetStream() {
    return jetStream;
  }

  JetStreamManagement management() {
    return management;
  }

  KeyValue keyValue() {
    return keyValue;
  }

  Connection connection() {
    return connection;
  }

  ExecutorService marks() {
    return marks;
  }

  /** Fails fast while disconnected: a write would otherwise wait out its whole timeout. */
  void checkConnected() throws IOException {
    Connection.Status status = connection.getStatus();
    if (status != Connection.Status.CONNECTED) {
      throw new IOException(
          "NATS store is not connected to "
              + String.join(",", options.servers())
              + " ("
              + status
              + ")");
    }
  }

  /**
   * An identity as a subject token and KV key part: a readable prefix of the event name, a SHA-256
   * of the exact name (names that read alike never share), and the config hash.
   */
  static String identityToken(String eventName, String configHash) {
    String safe = eventName.replaceAll("[^A-Za-z0-9_-]", "_");
    if (safe.length() > 32) {
      safe = safe.substring(0, 32);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(eventName.getBytes(StandardCharsets.UTF_8));
      return safe
          + "-"
          + HexFormat.of().formatHex(digest, 0, 16)
          + "-"
          + configHash.replaceAll("[^A-Za-z0-9_-]", "_");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String describe(Throwable e) {
    if (e instanceof JetStreamApiException api) {
      return api.getErrorDescription() + " (JetStream error " + api.getApiErrorCode() + ")";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One identity: its position key, and its outbox once asked for. */
  final class Identity implements IdentityState {
    private final String token;
    private NatsOutboxLog outbox; // guarded by this

    Identity(String token) {
      this.token = token;
    }

    @Override
    public byte[] position() throws IOException {
      checkConnected();
      try {
        KeyValueEntry entry = keyValue.get("position." + token);
        return entry == null ? null : entry.getValue();
      } catch (JetStreamApiException e) {
        throw new IOException("NATS store: cannot read the position: " + describe(e), e);
      }
    }

    @Override
    public void putPosition(byte[] position) throws IOException {
      checkConnected();
      try {
        keyValue.put("position." + token, position); // one message: the old value or the new
      } catch (JetStreamApiException e) {
        throw new IOException("NATS store: cannot write the position: " + describe(e), e);
      }
    }

    @Override
    public synchronized OutboxLog outbox() throws IOException {
      if (outbox == null) {
        checkConnected();
        outbox = NatsOutboxLog.open(NatsStateStore.this, token);
      }
      return outbox;
    }

    @Override
    public synchronized void close() {
      if (outbox != null) {
        outbox.close();
      }
    }
  }
}
