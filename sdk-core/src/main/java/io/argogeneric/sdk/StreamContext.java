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
  public abstract <R extends AutoCloseable> R shared(
      String key, Class<R> type, java.util.function.Supplier<R> opener);

  /**
   * Ends this stream with {@code status}, for example {@code Status.FAILED_PRECONDITION} when a
   * newer stream has taken over this one's work. Events already buffered are written first while
   * the client reads. {@code OK} is refused: Argo would only reconnect 5 s later.
   */
  public abstract void end(Status status);
}
