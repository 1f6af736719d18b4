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
package io.argogeneric.sdk;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything one plugin run is given: one {@code StartEventSource} call from one client. The SDK
 * creates one context per stream and passes it to {@link EventingServer#start}.
 *
 * @param <C> the plugin's typed config class
 * @since 0.1.0
 */
public abstract class StreamContext<C> {

  /** Only the SDK creates contexts. */
  protected StreamContext() {}

  /** The event name the client sent ({@code EventSource.name}), the key under {@code generic:}. */
  public abstract String eventName();

  /** The config the client sent, bound to the plugin's config class and validated. */
  public abstract C config();

  /** Where this run's events go. */
  public abstract Emitter emitter();

  /** This run's clock and timers; everything scheduled here is cancelled when the stream ends. */
  public abstract Scheduler scheduler();

  /** The address of the client, for logs; {@code "unknown"} when the transport does not say. */
  public abstract String peer();

  /** True until the stream ends; a plugin's own loops should poll it. */
  public abstract boolean isActive();

  /**
   * Registers {@code action} to run once when the stream ends, for whatever reason. Actions run in
   * the reverse order of registration, on an SDK thread, shortly after the end (within 100 ms of a
   * client's cancel); one that throws is logged and the others still run. Registered on a stream
   * that has already ended, it runs at once.
   */
  public abstract void onStop(AutoCloseable action);

  /**
   * Returns the server-scoped resource under {@code key}, opening it with {@code opener} on first
   * use. Such a resource outlives streams (the webhook bridge's HTTP listener serves whichever
   * stream now owns an endpoint) and is closed when the server stops, in the reverse order of
   * opening. {@code opener} runs at most once per key, even when streams race.
   *
   * @throws ClassCastException when {@code key} already holds a resource of another type
   */
  public <R extends AutoCloseable> R shared(String key, Class<R> type, Supplier<R> opener) {
    return shared(
        key,
        type,
        opener,
        resource -> {
          try {
            resource.close();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException("closing shared resource '" + key + "' failed", e);
          }
        });
  }

  /**
   * Like {@link #shared(String, Class, Supplier)}, for a resource that is not {@code AutoCloseable}
   * (Java 17's {@code HttpClient}, a connection pool with a {@code shutdown()}): {@code closer}
   * runs once when the server stops.
   *
   * @throws ClassCastException when {@code key} already holds a resource of another type
   * @since 0.2.0
   */
  public abstract <R> R shared(
      String key, Class<R> type, Supplier<R> opener, Consumer<? super R> closer);

  /**
   * The last position the SDK recorded for this stream's identity (the event name and a hash of the
   * config): the position of the last event gRPC wrote, or with an outbox the last one stored, by
   * this run or an earlier one (a reconnect, a takeover, or with {@code --store} a server restart).
   * See {@link Emitter#emit(byte[], Object)}.
   *
   * @param type the class the position was emitted as ({@code byte[].class} for raw bytes)
   * @return the position, or empty when none was recorded
   * @throws IllegalArgumentException when the recorded position cannot be read as {@code type}
   * @since 0.2.0
   */
  public abstract <P> Optional<P> lastPosition(Class<P> type);

  /**
   * Calls {@code poller} at once, then on {@code schedule}, until the stream ends or the returned
   * handle is cancelled, and emits what it returns, in order, each item with its position. Calls
   * run on the SDK's bounded polling executor and never overlap. The first call is given {@link
   * #lastPosition}; each later one the position of the last item emitted. When the stream's buffer
   * is full, the rest of a poll's items wait for room (the next poll waits too), so a slow client
   * slows the poller down and nothing is dropped: polled items never meet the {@link
   * OverflowPolicy}, and no polling thread waits on a full buffer. A failed poll is logged, counted
   * in {@code eventsource.poll.failures}, and retried after 1 s, 2 s, 4 s, ..., never longer than
   * the schedule's interval; the schedule resumes after a success. Time comes from {@link
   * #scheduler()}, so the testkit's virtual time drives polls.
   *
   * <p>The SDK builds polling on this context's public methods ({@link #scheduler()}, {@link
   * #emitter()}, {@link #lastPosition}, {@link #onStop}, {@link #isActive()}), so a context that
   * wraps another polls through its own emitter and clock; hence final. On the testkit's virtual
   * time, polls run on the thread that advances it, as timer tasks do, so an advance makes exactly
   * the polls it passes (the first at the stream's start).
   *
   * @param positionType the class of the items' positions ({@code byte[].class} for raw bytes)
   * @return the handle that stops this polling; a call under way finishes, its items are not
   *     emitted
   * @throws StreamClosedException when the stream has ended
   * @since 0.2.0
   */
  public final <P> Cancellable poll(
      PollSchedule schedule, Class<P> positionType, Poller<P> poller) {
    return EngineProvider.get().poll(this, schedule, positionType, poller);
  }

  /**
   * Calls {@code poller} at once and then every {@code interval}; see {@link #poll(PollSchedule,
   * Class, Poller)}.
   *
   * @since 0.2.0
   */
  public <P> Cancellable poll(Duration interval, Class<P> positionType, Poller<P> poller) {
    return poll(PollSchedule.every(interval), positionType, poller);
  }

  /**
   * The server's meter registry, for the plugin's own metrics; they are exposed with the SDK's on
   * the admin port. Tag values must come from a bounded set: the event name and config values are
   * chosen by whoever writes the EventSource, so tag with them only when the server serves a known,
   * small set of names (see docs/plugin-api.md).
   *
   * @since 0.2.0
   */
  public abstract MeterRegistry metrics();

  /**
   * Ends this stream with {@code status}, for example {@code Status.FAILED_PRECONDITION} when a
   * newer stream has taken over this one's work. Events already buffered are written first while
   * the client reads. {@code OK} is refused: Argo would only reconnect 5 s later.
   */
  public abstract void end(Status status);
}
