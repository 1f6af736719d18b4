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

import io.argogeneric.sdk.config.TokenFile;
import io.argogeneric.sdk.internal.EngineMetrics;
import io.argogeneric.sdk.internal.ErrorStatus;
import io.argogeneric.sdk.internal.RateLimitedLog;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Refuses a {@code StartEventSource} call without a valid {@code authorization: Bearer <token>}
 * header with UNAUTHENTICATED, before any config is read or plugin code runs. Applied to the
 * eventing service only: health and reflection stay open for probes. Tokens never reach a log.
 */
public final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final TokenFile tokens;
  private final EngineMetrics metrics;
  private final RateLimitedLog log =
      new RateLimitedLog(LoggerFactory.getLogger(AuthInterceptor.class), 1, TimeUnit.MINUTES);

  public AuthInterceptor(TokenFile tokens, EngineMetrics metrics) {
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    String problem;
    String reason;
    if (header == null) {
      problem = "missing authorization header (expected 'Bearer <token>')";
      reason = "missing";
    } else if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      problem = "authorization header is not a Bearer token";
      reason = "malformed";
    } else if (!tokens.matches(header.substring(BEARER.length()).trim())) {
      problem = "invalid bearer token";
      reason = "invalid";
    } else {
      return next.startCall(call, headers);
    }
    metrics.authFailure(reason);
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    // keyed by host, not host:port: Argo redials (a new port) every 5 s with the same bad token
    String host =
        peer instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(peer);
    log.warn(problem + "|" + host, "call refused peer={}: {}", peer, problem);
    call.close(ErrorStatus.unauthenticated(problem), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
