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

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argogeneric.sdk.OnDemand;
import io.argogeneric.sdk.PayloadSource;
import io.argogeneric.sdk.StreamContext;
import io.micrometer.core.instrument.Counter;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The bridge's JetStream side ({@code --jetstream}): every replica publishes the requests it
 * accepts to a stream, on a subject per endpoint, and answers 2xx only once JetStream has stored
 * them; the replica that holds Argo's stream for an endpoint pulls them from a durable consumer and
 * hands them to gRPC; endpoint declarations travel through a KV bucket, so that every replica
 * serves every endpoint whichever replica Argo's client chose. See README.md.
 */
final class JetStreamBridge implements AutoCloseable {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(JetStreamBridge.class);

  /**
   * Lines whose number grows with what others put in the bucket or with the endpoint count (one
   * declaration retry per endpoint every 10 s while NATS is down): limited in total.
   */
  private static final ClientDrivenLog boundedLog = new ClientDrivenLog(log);

  /** Keys in the shared bucket come from anyone who may write to it: logged shortened. */
  private static final int MAX_LOGGED_KEY_CHARS = 120;

  /** The header every event carries: the JetStream stream sequence, the same on a redelivery. */
  static final String EVENT_ID_HEADER = "X-Webhook-Event-Id";

  /** How long a declaration lives in the bucket without a refresh by its holder. */
  static final Duration DECLARATION_TTL = Duration.ofSeconds(30);

  private static final Duration REFRESH_EVERY = DECLARATION_TTL.dividedBy(3);

  /**
   * How long after a message was written to the gRPC stream it is acked, if the stream still runs
   * then: written bytes may still sit in socket buffers when the replica dies, and a message not
   * acked is redelivered. It must exceed how long a broken connection goes unnoticed.
   */
  static final Duration ACK_DELAY = Duration.ofSeconds(1);

  /** Redelivery of a message that was fetched but not acked (its holder died). */
  static final Duration ACK_WAIT = Duration.ofSeconds(10);

  /** Messages a holder may have fetched and not acked: bounds its memory and the throughput. */
  static final int MAX_ACK_PENDING = 1024;

  private static final int FETCH_BATCH = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** What {@code --jetstream} says. */
  record Settings(
      String servers,
      Path creds,
      Path tlsCa,
      String stream,
      String bucket,
      int replicas,
      long maxBytes) {

    /**
     * Parses {@code nats://host:4222[,host2:4222][?creds=FILE&tls-ca=FILE&stream=NAME&kv=NAME
     * &replicas=N&max-bytes=N]}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Settings parse(String value) {
      URI uri;
      try {
        uri = new URI(value.trim());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("'" + value + "' is not a URI: " + e.getMessage(), e);
      }
      String scheme = uri.getScheme();
      if (!"nats".equals(scheme) && !"tls".equals(scheme)) {
        throw new IllegalArgumentException(
            "'" + value + "' must start with nats:// or tls://, e.g. nats://nats:4222");
      }
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "no credentials in the URI (they would show on the command line): use creds=FILE");
      }
      String authority = uri.getRawAuthority();
      if (authority == null || authority.isBlank()) {
        throw new IllegalArgumentException("'" + value + "' names no server");
      }
      Map<String, String> query = new LinkedHashMap<>();
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          int eq = pair.indexOf('=');
          String k = eq < 0 ? pair : pair.substring(0, eq);
          String v =
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          if (!List.of("creds", "tls-ca", "stream", "kv", "replicas", "max-bytes").contains(k)) {
            throw new IllegalArgumentException(
                "unknown parameter '"
                    + k
                    + "' in --jetstream; known: creds, tls-ca, stream, kv, replicas, max-bytes");
          }
          query.put(k, v);
        }
      }
      List<String> servers = new ArrayList<>();
      for (String hostPort : authority.split(",")) {
        servers.add(scheme + "://" + hostPort);
      }
      String stream = query.getOrDefault("stream", "WEBHOOK");
      String bucket = query.getOrDefault("kv", "webhook-endpoints");
      for (String name : List.of(stream, bucket)) {
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "stream and kv names are 1..64 of A-Z a-z 0-9 _ -: '" + name + "'");
        }
      }
      int replicas = (int) number(query, "replicas", 1, 5);
      long maxBytes = number(query, "max-bytes", 1, Long.MAX_VALUE);
      return new Settings(
          String.join(",", servers),
          file(query, "creds"),
          file(query, "tls-ca"),
          stream,
          bucket,
          query.containsKey("replicas") ? replicas : 1,
          query.containsKey("max-bytes") ? maxBytes : -1);
    }

    private static long number(Map<String, String> query, String key, long min, long max) {
      String v = query.get(key);
      if (v == null) {
        return min;
      }
      try {
        long n = Long.parseLong(v.trim());
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          key + "=" + v + " must be a whole number " + min + ".." + max);
    }

    private static Path file(Map<String, String> query, String key) {
      String v = query.get(key);
      if (v == null) {
        return null;
      }
      Path p = Path.of(v);
      if (!java.nio.file.Files.isReadable(p)) {
        throw new IllegalArgumentException(key + "=" + v + " is not a readable file");
      }
      return p;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final Connection nats;
  private final JetStream js;
  private final KeyValue bucket;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "webhook-jetstream");
            t.setDaemon(true);
            return t;
          });

  private JetStreamBridge(Settings settings, Connection nats) throws IOException {
    this.settings = settings;
    this.nats = nats;
    try {
      JetStreamManagement jsm = nats.jetStreamManagement();
      StreamConfiguration.Builder stream =
          StreamConfiguration.builder()
              .name(settings.stream())
              .subjects(settings.stream() + ".*")
              .storageType(StorageType.File)
              .replicas(settings.replicas())
              // acked messages go; a full stream refuses new ones (503) instead of dropping old
              .retentionPolicy(RetentionPolicy.WorkQueue)
              .discardPolicy(DiscardPolicy.New);
      if (settings.maxBytes() > 0) {
        stream.maxBytes(settings.maxBytes());
      }
      try {
        jsm.getStreamInfo(settings.stream());
      } catch (JetStreamApiException notFound) {
        jsm.addStream(stream.build());
      }
      KeyValueManagement kvm = nats.keyValueManagement();
      try {
        kvm.getStatus(settings.bucket());
      } catch (JetStreamApiException notFound) {
        kvm.create(
            KeyValueConfiguration.builder()
                .name(settings.bucket())
                .maxHistoryPerKey(1)
                .ttl(DECLARATION_TTL)
                .storageType(StorageType.File)
                .replicas(settings.replicas())
                .build());
      }
      this.js = nats.jetStream();
      this.bucket = nats.keyValue(settings.bucket());
    } catch (JetStreamApiException e) {
      throw new IOException(
          "JetStream refused the bridge's stream or bucket: " + e.getMessage(), e);
    }
  }

  /** Connects and makes the stream and bucket when they do not exist yet. */
  static JetStreamBridge connect(Settings settings) throws IOException {
    Options.Builder options =
        Options.builder()
            .server(settings.servers())
            .connectionName("webhook-bridge")
            .maxReconnects(-1)
            // a publish while disconnected fails at once (503) instead of waiting in a buffer
            .reconnectBufferSize(0)
            .errorListener(new io.nats.client.ErrorListener() {});
    if (settings.creds() != null) {
      options.authHandler(Nats.credentials(settings.creds().toString()));
    }
    if (settings.tlsCa() != null) {
      options.sslContext(trusting(settings.tlsCa()));
    }
    try {
      return new JetStreamBridge(settings, Nats.connect(options.build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to NATS", e);
    }
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : PemFiles.certificates(caFile)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("tls-ca=" + caFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The endpoint's key: its path and port, where the default port counts as one port whatever
   * number each replica's --http-port gives it.
   */
  static String key(WebhookConfig config) {
    String id =
        (config.port() == null ? "default" : config.port().toString()) + " " + config.endpoint();
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String subject(String key) {
    return settings.stream() + "." + key;
  }

  /** The largest message the NATS server takes. */
  long maxMessageBytes() {
    return nats.getServerInfo() == null ? 1024 * 1024 : nats.getServerInfo().getMaxPayload();
  }

  /**
   * Stores one request; the future completes once JetStream has acknowledged it, and fails when it
   * cannot be stored within {@code timeout}.
   */
  CompletableFuture<Void> publish(
      String key, List<Map.Entry<String, String>> headers, byte[] bodyJson, Duration timeout) {
    byte[] frame = frame(headers, bodyJson);
    if (frame.length > maxMessageBytes()) {
      return CompletableFuture.failedFuture(new TooLarge(frame.length, maxMessageBytes()));
    }
    try {
      return js.publishAsync(NatsMessage.builder().subject(subject(key)).data(frame).build())
          .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .thenApply(ack -> (Void) null);
    } catch (RuntimeException e) { // disconnected: nothing buffered
      return CompletableFuture.failedFuture(e);
    }
  }

  /** A request over the server's message limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long size, long max) {
      super(
          "the request is "
              + size
              + " bytes stored, over the JetStream server's max_payload of "
              + max);
    }
  }

  static byte[] frame(List<Map.Entry<String, String>> headers, byte[] bodyJson) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(bodyJson.length + 512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(headers.size());
      for (Map.Entry<String, String> h : headers) {
        writeString(out, h.getKey());
        writeString(out, h.getValue());
      }
      out.write(bodyJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /** The event a stored request becomes, with its event id among the headers. */
  static byte[] payload(byte[] frame, long eventId, Map<String, String> metadata) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(frame))) {
      int n = in.readInt();
      List<Map.Entry<String, String>> headers = new ArrayList<>(n + 1);
      for (int i = 0; i < n; i++) {
        String name = readString(in);
        String value = readString(in);
        if (!name.equalsIgnoreCase(EVENT_ID_HEADER)) { // a sender cannot forge it
          headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
      }
      headers.add(new AbstractMap.SimpleImmutableEntry<>(EVENT_ID_HEADER, Long.toString(eventId)));
      byte[] body = in.readAllBytes();
      return WebhookPayload.payload(WebhookPayload.headers(headers), body, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("a message in the stream is not a stored request", e);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > in.available()) {
      throw new IOException("bad length " + len);
    }
    return new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }

  // ---- endpoint declarations ----

  /**
   * Writes the endpoint's declaration into the bucket now and every {@link #REFRESH_EVERY} until
   * the returned handle is closed. Only what routing and checking need travels: no metadata, and no
   * inline token (the bridge refuses authToken with --jetstream; token files are on every replica).
   */
  AutoCloseable announce(WebhookConfig config) {
    Map<String, Object> declared = new LinkedHashMap<>();
    declared.put("endpoint", config.endpoint());
    declared.put("method", config.method());
    declared.put("port", config.port());
    declared.put(
        "authTokenFile", config.authTokenFile() == null ? null : config.authTokenFile().toString());
    declared.put("maxPayloadSize", config.maxPayloadSize());
    byte[] value;
    try {
      value = JSON.writeValueAsBytes(declared);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = key(config);
    Runnable put =
        () -> {
          try {
            bucket.put(key, value);
          } catch (IOException | JetStreamApiException | RuntimeException e) {
            boundedLog.warn(
                "cannot declare endpoint {} in bucket {}: {}",
                config.endpoint(),
                settings.bucket(),
                e.toString());
          }
        };
    var task =
        timer.scheduleWithFixedDelay(put, 0, REFRESH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return () -> task.cancel(false);
  }

  /**
   * Calls {@code onDeclared} with every declaration in the bucket, now and as they come, and the
   * local time until which it holds (its holder refreshes it before then while it holds the
   * stream).
   */
  void watch(BiConsumer<WebhookConfig, Long> onDeclared) throws IOException {
    KeyValueWatcher watcher =
        new KeyValueWatcher() {
          @Override
          public void watch(KeyValueEntry entry) {
            if (entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
              return;
            }
            WebhookConfig config;
            try {
              Map<?, ?> m = JSON.readValue(entry.getValue(), Map.class);
              Object port = m.get("port");
              Object max = m.get("maxPayloadSize");
              Object tokenFile = m.get("authTokenFile");
              config =
                  new WebhookConfig(
                      (String) m.get("endpoint"),
                      (String) m.get("method"),
                      port == null ? null : ((Number) port).intValue(),
                      null,
                      tokenFile == null ? null : Path.of((String) tokenFile),
                      max == null ? null : ((Number) max).intValue(),
                      null,
                      null,
                      null,
                      null,
                      null);
              if (config.endpoint() == null || !key(config).equals(entry.getKey())) {
                throw new IOException("endpoint does not match key");
              }
            } catch (IOException | ClassCastException e) {
              String shown = entry.getKey();
              if (shown.length() > MAX_LOGGED_KEY_CHARS) {
                shown = shown.substring(0, MAX_LOGGED_KEY_CHARS) + "...";
              }
              boundedLog.warn(
                  "bucket {}: ignoring key {}: {}", settings.bucket(), shown, e.toString());
              return;
            }
            ZonedDateTime created = entry.getCreated();
            long ageNanos =
                created == null
                    ? 0
                    : Math.max(
                        0,
                        Duration.between(created.toInstant(), java.time.Instant.now()).toNanos());
            long left = DECLARATION_TTL.toNanos() - Math.min(ageNanos, DECLARATION_TTL.toNanos());
            onDeclared.accept(config, System.nanoTime() + left);
          }

          @Override
          public void endOfData() {}
        };
    try {
      bucket.watchAll(watcher);
    } catch (JetStreamApiException e) {
      throw new IOException("cannot watch bucket " + settings.bucket() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---- the holder's side ----

  /**
   * Makes {@code stream} read its endpoint's stored requests: a durable pull consumer per endpoint,
   * shared by whichever replica holds the stream now and later.
   *
   * @throws IOException when JetStream cannot be reached
   */
  Holder hold(StreamContext<WebhookConfig> stream) throws IOException {
    String key = key(stream.config());
    String durable = "webhook-" + key;
    try {
      nats.jetStreamManagement()
          .addOrUpdateConsumer(
              settings.stream(),
              ConsumerConfiguration.builder()
                  .durable(durable)
                  .filterSubject(subject(key))
                  .ackPolicy(AckPolicy.Explicit)
                  .ackWait(ACK_WAIT)
                  .maxAckPending(MAX_ACK_PENDING)
                  .build());
      Holder.Subscriber bind =
          () -> js.subscribe(subject(key), PullSubscribeOptions.bind(settings.stream(), durable));
      return new Holder(stream, bind.subscribe(), bind);
    } catch (JetStreamApiException e) {
      throw new IOException("cannot read endpoint's stored requests: " + e.getMessage(), e);
    }
  }

  /** Pulls one endpoint's stored requests into its stream and acks those written. */
  static final class Holder implements PayloadSource {
    private record Written(long at, Message message) {}

    /** Binds a new subscription to the endpoint's durable consumer. */
    interface Subscriber {
      JetStreamSubscription subscribe() throws IOException, JetStreamApiException;
    }

    private final StreamContext<WebhookConfig> stream;
    private final Subscriber bind;
    private volatile JetStreamSubscription sub;
    private final BlockingQueue<Message> fetched = new ArrayBlockingQueue<>(2 * FETCH_BATCH);
    private final ArrayDeque<Written> written = new ArrayDeque<>();
    private final Counter redeliveries;
    private final Map<String, String> metadata;
    private final Thread fetcher;
    private volatile OnDemand onDemand;
    private volatile boolean closed;

    Holder(StreamContext<WebhookConfig> stream, JetStreamSubscription sub, Subscriber bind) {
      this.stream = stream;
      this.sub = sub;
      this.bind = bind;
      this.metadata = stream.config().metadataOrEmpty();
      this.redeliveries =
          Counter.builder("webhook.jetstream.redeliveries")
              .description(
                  "Events sent again after a failover (JetStream delivery count over 1): possible duplicates, same "
                      + EVENT_ID_HEADER)
              .register(stream.metrics());
      this.fetcher = new Thread(this::fetchLoop, "webhook-jetstream-" + stream.eventName());
      fetcher.setDaemon(true);
    }

    void start() {
      onDemand = stream.emitter().emitOnDemand(this);
      stream.onStop(this::close);
      fetcher.start();
    }

    @Override
    public byte[] next() {
      Message m = fetched.poll();
      if (m == null) {
        return null;
      }
      var meta = m.metaData();
      if (meta.deliveredCount() > 1) {
        redeliveries.increment();
      }
      byte[] payload = payload(m.getData(), meta.streamSequence(), metadata);
      synchronized (written) {
        written.add(new Written(System.nanoTime(), m));
      }
      return payload;
    }

    private void fetchLoop() {
      long failures = 0;
      while (!closed) {
        try {
          ackWritten(false);
          if (fetched.remainingCapacity() < FETCH_BATCH) {
            Thread.sleep(20); // the stream has not taken what was fetched yet
            continue;
          }
          // each message is handed on as it arrives: fetch() would return only once the whole
          // batch is in or the wait is over (a p50 of 73 ms at 500 POSTs/s, 254 ms at 20/s)
          Iterator<Message> batch = sub.iterate(FETCH_BATCH, Duration.ofMillis(500));
          while (batch.hasNext()) {
            fetched.add(batch.next());
            OnDemand d = onDemand;
            if (d != null) {
              d.wake();
            }
          }
          failures = 0;
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          if (closed) {
            return; // the stream ended under a pull: the subscription is gone, nothing is wrong
          }
          String outcome = "";
          if (!sub.isActive()) {
            // the client can give up a pull subscription across a NATS restart ("This
            // subscription became inactive"); pulling from it again would fail forever while the
            // stream stays open and delivers nothing: bind a new one to the same durable consumer
            // (at most once a second, as every retry here)
            try {
              sub = bind.subscribe();
              outcome = "; subscribed again";
            } catch (IOException | JetStreamApiException | RuntimeException again) {
              outcome = "; cannot subscribe again: " + again;
            }
          }
          if (failures++ % 30 == 0) {
            log.warn(
                "endpoint {}: cannot fetch stored requests: {}{}",
                stream.config().endpoint(),
                e.toString(),
                outcome);
          }
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }

    /** Acks what was written at least {@link #ACK_DELAY} ago (all of it with {@code all}). */
    private void ackWritten(boolean all) {
      long now = System.nanoTime();
      while (true) {
        Written w;
        synchronized (written) {
          w = written.peek();
          if (w == null || (!all && now - w.at() < ACK_DELAY.toNanos())) {
            return;
          }
          written.poll();
        }
        try {
          w.message().ack();
        } catch (RuntimeException e) {
          return; // unacked: redelivered after the ack wait
        }
      }
    }

    private void close() {
      closed = true;
      fetcher.interrupt();
      // what the ended stream may not have delivered goes back at once, to the next holder
      List<Message> back = new ArrayList<>();
      synchronized (written) {
        written.forEach(w -> back.add(w.message()));
        written.clear();
      }
      fetched.drainTo(back);
      for (Message m : back) {
        try {
          m.nak();
        } catch (RuntimeException e) {
          break; // redelivered after the ack wait
        }
      }
      try {
        sub.unsubscribe();
      } catch (RuntimeException e) {
        // the connection is down: nothing to undo
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
