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
package io.argogeneric.cli;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.proto.EventSource;
import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.sdk.config.GoDuration;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Argo's loop: dial, call StartEventSource, handle one event at a time on this thread (so a slow
 * stdout slows reads, as a slow event bus does), and after any end wait and dial again.
 */
final class EventStreamLoop {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<Context.CancellableContext> currentCall = new AtomicReference<>();
  private long printed;
  private volatile boolean outputFailed;

  EventStreamLoop(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** Runs until --count, --duration or a stdout failure; returns the exit code. */
  int run() {
    ScheduledExecutorService timer = null;
    if (settings.duration() != null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "argo-client-duration");
                thread.setDaemon(true);
                return thread;
              });
      timer.schedule(this::stop, settings.duration().toNanos(), TimeUnit.NANOSECONDS);
    }
    try {
      while (!isStopped()) {
        streamOnce();
        if (!isStopped() && stopped.await(settings.retry().toNanos(), TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      diagnose("interrupted");
      return 1;
    } finally {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    return exitCode();
  }

  private int exitCode() {
    if (outputFailed) {
      return 1;
    }
    Integer count = settings.count();
    if (count != null && printed < count) {
      diagnose(
          "received "
              + printed
              + " of "
              + count
              + " events within "
              + GoDuration.format(settings.duration()));
      return 1;
    }
    return 0;
  }

  /** Ends the run: wakes the retry wait and cancels the call in progress. Safe from any thread. */
  void stop() {
    stopped.countDown();
    Context.CancellableContext call = currentCall.get();
    if (call != null) {
      call.cancel(null);
    }
  }

  private boolean isStopped() {
    return stopped.getCount() == 0;
  }

  private void streamOnce() {
    String token;
    try {
      token = settings.token().read();
    } catch (IOException e) {
      diagnose(
          "failed to build stream: "
              + ClientOptions.oneLine(e)
              + "; retrying in "
              + GoDuration.format(settings.retry()));
      return;
    }
    ManagedChannel channel = settings.newChannel();
    Context.CancellableContext call = Context.current().withCancellation();
    currentCall.set(call);
    if (isStopped()) {
      call.cancel(null); // stop() may have run before currentCall was set
    }
    Context previous = call.attach();
    try {
      EventingGrpc.EventingBlockingStub stub = EventingGrpc.newBlockingStub(channel);
      if (token != null) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      diagnose(
          "dialing "
              + settings.url()
              + " ("
              + settings.transportName()
              + "), event name '"
              + settings.name()
              + "'");
      Iterator<Event> events =
          stub.startEventSource(
              EventSource.newBuilder()
                  .setName(settings.name())
                  .setConfig(ByteString.copyFrom(settings.config()))
                  .build());
      boolean first = true;
      while (events.hasNext()) {
        Event event = events.next();
        if (first) {
          diagnose("connected, receiving events");
          first = false;
        }
        handle(event);
        if (outputFailed || (settings.count() != null && printed >= settings.count())) {
          stop();
          return;
        }
      }
      diagnose(
          "stream ended with status OK (the server completed it); reconnecting in "
              + GoDuration.format(settings.retry()));
    } catch (StatusRuntimeException e) {
      if (!isStopped()) {
        diagnose(
            "stream ended with status "
                + describe(e.getStatus())
                + "; reconnecting in "
                + GoDuration.format(settings.retry()));
      }
    } finally {
      call.detach(previous);
      call.cancel(null);
      currentCall.set(null);
      channel.shutdownNow();
    }
  }

  /** Argo's handleOne: wrap, then dispatch (here: print) before the next read. */
  private void handle(Event event) {
    byte[] line;
    try {
      line =
          GoJson.wrap(event.getPayload().toByteArray(), settings.jsonBody(), settings.metadata());
    } catch (GoJson.MarshalException e) {
      // Argo logs this error and drops the event; the stream goes on.
      diagnose(
          "failed to process an event, dropped: failed to marshal the event data, "
              + e.getMessage());
      return;
    }
    out.write(line, 0, line.length);
    out.write('\n');
    out.flush();
    if (out.checkError()) {
      outputFailed = true;
      diagnose("cannot write to stdout; stopping");
      return;
    }
    printed++;
  }

  /**
   * One line: code, description and the innermost cause (e.g. the certificate problem behind "io
   * exception").
   */
  private static String describe(Status status) {
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      // grpc appends its channel pipeline on later lines of "io exception": not useful to a user.
      text.append(": ").append(status.getDescription().lines().findFirst().orElse("").trim());
    }
    Throwable root = status.getCause();
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != null && root.getMessage() != null) {
      text.append(" (").append(ClientOptions.oneLine(root)).append(')');
    }
    return text.toString();
  }

  private void diagnose(String message) {
    err.println(
        LocalTime.now(java.time.ZoneId.systemDefault()).format(CLOCK) + " argo-client: " + message);
    err.flush();
  }
}
