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

import io.argogeneric.proto.Event;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.function.IntConsumer;

/**
 * A call's stub observer whose on-ready threshold can still be changed after the service method
 * returned, which the stub's own observer refuses: the write loop lowers it to one byte only once
 * the call carries an event whose position must wait for its write (see {@link OutboundQueue}), and
 * a call that never does keeps gRPC's default, so that an on-demand source can make events while
 * gRPC still holds a few. Everything else goes to the stub's observer.
 */
final class AdjustableCall extends ServerCallStreamObserver<Event> {
  private final ServerCallStreamObserver<Event> stub;
  private final IntConsumer threshold;

  private AdjustableCall(ServerCallStreamObserver<Event> stub, IntConsumer threshold) {
    this.stub = stub;
    this.threshold = threshold;
  }

  /**
   * Wraps {@code stub}; {@code callThreshold} sets the threshold on the {@code ServerCall} itself
   * (see {@link EventingEngine#serviceDefinition}). Without one, the call gets the threshold of one
   * byte at once and keeps it: slower for on-demand sources, but no position is recorded early.
   * Call it before the service method returns.
   */
  static AdjustableCall wrap(ServerCallStreamObserver<Event> stub, IntConsumer callThreshold) {
    if (callThreshold == null) {
      stub.setOnReadyThreshold(OutboundQueue.ON_READY_THRESHOLD);
      return new AdjustableCall(stub, bytes -> {});
    }
    return new AdjustableCall(stub, callThreshold);
  }

  @Override
  public void setOnReadyThreshold(int numBytes) {
    threshold.accept(numBytes);
  }

  @Override
  public void onNext(Event value) {
    stub.onNext(value);
  }

  @Override
  public void onError(Throwable t) {
    stub.onError(t);
  }

  @Override
  public void onCompleted() {
    stub.onCompleted();
  }

  @Override
  public boolean isReady() {
    return stub.isReady();
  }

  @Override
  public boolean isCancelled() {
    return stub.isCancelled();
  }

  @Override
  public void setOnReadyHandler(Runnable onReadyHandler) {
    stub.setOnReadyHandler(onReadyHandler);
  }

  @Override
  public void setOnCancelHandler(Runnable onCancelHandler) {
    stub.setOnCancelHandler(onCancelHandler);
  }

  @Override
  public void setOnCloseHandler(Runnable onCloseHandler) {
    stub.setOnCloseHandler(onCloseHandler);
  }

  @Override
  public void setCompression(String compression) {
    stub.setCompression(compression);
  }

  @Override
  public void setMessageCompression(boolean enable) {
    stub.setMessageCompression(enable);
  }

  @Override
  public void disableAutoInboundFlowControl() {
    stub.disableAutoInboundFlowControl();
  }

  @Override
  public void disableAutoRequest() {
    stub.disableAutoRequest();
  }

  @Override
  public void request(int count) {
    stub.request(count);
  }
}
