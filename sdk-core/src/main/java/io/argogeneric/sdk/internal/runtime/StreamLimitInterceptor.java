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
package io.argogeneric.sdk.internal.runtime;

import io.argogeneric.sdk.internal.EngineMetrics;
import io.argogeneric.sdk.internal.ErrorStatus;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open streams, in all and per client address, so that a retry storm or a hostile client
 * cannot exhaust the server. A refused call gets RESOURCE_EXHAUSTED with the limit it hit.
 */
final class StreamLimitInterceptor implements ServerInterceptor {
  private final int maxStreams;
  private final int maxPerPeer;
  private final EngineMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> perPeer = new ConcurrentHashMap<>();

  public StreamLimitInterceptor(int maxStreams, int maxPerPeer, EngineMetrics metrics) {
    this.maxStreams = maxStreams;
    this.maxPerPeer = maxPerPeer;
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String peer = host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      metrics.streamRefused("max_streams");
      call.close(ErrorStatus.serverFull(maxStreams), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicInteger mine = perPeer.computeIfAbsent(peer, k -> new AtomicInteger());
    if (mine.incrementAndGet() > maxPerPeer) {
      release(peer, mine);
      metrics.streamRefused("max_streams_per_peer");
      call.close(ErrorStatus.peerFull(peer, maxPerPeer), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Slot slot = new Slot(peer, mine);
    ServerCall<Q, R> counted =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            slot.release();
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
      @Override
      public void onCancel() {
        slot.release();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        slot.release();
        super.onComplete();
      }
    };
  }

  /** One counted stream; released once, whichever of close, cancel or complete comes first. */
  private final class Slot {
    private final String peer;
    private final AtomicInteger mine;
    private final java.util.concurrent.atomic.AtomicBoolean released =
        new java.util.concurrent.atomic.AtomicBoolean();

    Slot(String peer, AtomicInteger mine) {
      this.peer = peer;
      this.mine = mine;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        StreamLimitInterceptor.this.release(peer, mine);
      }
    }
  }

  private void release(String peer, AtomicInteger mine) {
    open.decrementAndGet();
    if (mine.decrementAndGet() == 0) {
      perPeer.remove(peer, mine);
    }
  }

  /** Streams open now. */
  public int open() {
    return open.get();
  }

  private static String host(SocketAddress addr) {
    if (addr instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    }
    return String.valueOf(addr);
  }
}
