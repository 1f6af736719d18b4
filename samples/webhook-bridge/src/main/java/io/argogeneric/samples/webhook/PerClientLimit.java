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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * At most {@code max} requests in flight per client address; more get {@code 429} at once, unread,
 * and their connection closed. One address (one sender, or an attacker) can then hold only its
 * share of the listener's connections, buffers and threads. The map holds an entry only while a
 * request from that address is in flight. (Jetty's {@code ThreadLimitHandler} counts threads and
 * queues the excess instead; bodies here are read without a thread, so it would not see them.)
 */
final class PerClientLimit extends Handler.Wrapper {
  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> inFlight = new ConcurrentHashMap<>();

  PerClientLimit(int max, Handler next) {
    super(next);
    this.max = max;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    InetAddress client =
        request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
            ? a.getAddress()
            : null;
    if (client == null) {
      return super.handle(request, response, callback);
    }
    boolean[] admitted = new boolean[1];
    inFlight.compute(
        client,
        (k, n) -> {
          int now = n == null ? 0 : n;
          admitted[0] = now < max;
          return admitted[0] ? now + 1 : now;
        });
    if (!admitted[0]) {
      response.setStatus(429);
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(
          response,
          true,
          "too many requests in flight from your address (at most " + max + "); retry later\n",
          callback);
      return true;
    }
    boolean handled = false;
    try {
      handled = super.handle(request, response, Callback.from(callback, () -> release(client)));
      return handled;
    } finally {
      if (!handled) {
        release(client);
      }
    }
  }

  private void release(InetAddress client) {
    inFlight.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** How many requests from {@code client} are in flight now. */
  int inFlight(InetAddress client) {
    return inFlight.getOrDefault(client, 0);
  }
}
