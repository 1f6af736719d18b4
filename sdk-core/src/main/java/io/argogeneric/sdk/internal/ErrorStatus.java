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
package io.argogeneric.sdk.internal;

import io.argogeneric.sdk.config.ConfigException;
import io.grpc.Status;

/**
 * The one place that turns the server's failures into the gRPC status a client sees: each kind of
 * failure has its code and message here, so they stay the same wherever the failure is noticed (the
 * docs list these messages; {@code ErrorStatusTest} keeps other code from making its own). A
 * plugin's own {@code StreamContext.end(Status)} is its business and does not pass here.
 */
public final class ErrorStatus {
  private ErrorStatus() {}

  /** The stream's config does not bind; the message lists every problem with its path. */
  static Status badConfig(ConfigException e) {
    return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
  }

  /** The call's bearer token is missing, malformed or wrong. */
  public static Status unauthenticated(String problem) {
    return Status.UNAUTHENTICATED.withDescription(problem);
  }

  /** {@code --max-streams} is reached. */
  public static Status serverFull(int maxStreams) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "server already serves its maximum of " + maxStreams + " streams");
  }

  /** {@code --max-streams-per-peer} is reached for {@code peer}. */
  public static Status peerFull(String peer, int maxPerPeer) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "client " + peer + " already holds its maximum of " + maxPerPeer + " streams");
  }

  /** The overflow policy is FAIL and the server's buffer budget for all streams is spent. */
  static Status serverBudgetOverflow(long budgetBytes) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "client reads too slowly: the server's buffer budget for all streams ("
            + budgetBytes
            + " bytes) is spent and the overflow policy is FAIL");
  }

  /** The overflow policy is FAIL and the stream's own buffer is full. */
  static Status streamOverflow(int maxEvents, long maxBytes) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "client reads too slowly: stream buffer full ("
            + maxEvents
            + " events / "
            + maxBytes
            + " bytes) and the overflow policy is FAIL");
  }

  /** The plugin threw; the exception stays in the log next to {@code errorId}. */
  static Status pluginFailed(String errorId) {
    return Status.INTERNAL.withDescription(
        "plugin failed (error id " + errorId + " in the server's log)");
  }

  /** The outbox store cannot be opened for a new run. */
  static Status storeUnavailable(Throwable cause) {
    return Status.UNAVAILABLE.withDescription(
        "outbox store unavailable: " + OutboundQueue.describe(cause));
  }

  /** The outbox store failed under a running stream. */
  static Status storeFailed(Throwable cause) {
    return Status.UNAVAILABLE.withDescription(
        "outbox store failed: " + OutboundQueue.describe(cause));
  }

  /** Writing to the gRPC call failed. */
  static Status writeFailed(Throwable cause) {
    return Status.INTERNAL.withDescription("stream write failed: " + OutboundQueue.describe(cause));
  }

  /** Writing failed again after the buffer was discarded: the call is given up. */
  static Status writeFailedAgain() {
    return Status.INTERNAL.withDescription("stream write failed");
  }

  /** A newer stream with the same event name and config took the run over. */
  static Status superseded() {
    return Status.ABORTED.withDescription(
        "superseded by a newer stream with the same event name and config");
  }

  /** A detached run's outbox waited its maximum age and no stream came back for it. */
  static Status unclaimed() {
    return Status.UNAVAILABLE.withDescription("no stream claimed the run");
  }

  /** The server is draining or stopped. */
  static Status shuttingDown() {
    return Status.UNAVAILABLE.withDescription("server shutting down");
  }
}
