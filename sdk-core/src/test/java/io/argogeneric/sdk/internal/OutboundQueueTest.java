package io.argogeneric.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import io.argogeneric.proto.Event;
import io.argogeneric.sdk.EmitResult;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamSettings;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The queue against a scripted gRPC call (the call's readiness is the seam under test): how much a
 * drain pass writes past readiness, and that skipping drains while stalled never strands an event.
 */
class OutboundQueueTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  @SuppressWarnings("unchecked")
  private final ServerCallStreamObserver<Event> call = mock(ServerCallStreamObserver.class);
  private final List<Event> written = new ArrayList<>();
  private final OutboundQueue queue = new OutboundQueue(call, StreamSettings.defaults(), null, null,
      new SystemTimeSource(timers), new EngineMetrics(new SimpleMeterRegistry()), () -> {});

  OutboundQueueTest() {
    doAnswer(inv -> written.add(inv.getArgument(0))).when(call).onNext(any());
  }

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  private static Event event(int seq, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    payload[0] = (byte) seq;
    return Event.newBuilder().setName("e").setPayload(ByteString.copyFrom(payload)).build();
  }

  @Test
  @DisplayName("while the transport is not ready, producers do not ask it again; onReady drains all")
  void stalledProducersSkipTheDrain() throws Exception {
    AtomicInteger readyChecks = new AtomicInteger();
    AtomicReference<Boolean> ready = new AtomicReference<>(false);
    when(call.isReady()).thenAnswer(inv -> {
      readyChecks.incrementAndGet();
      return ready.get();
    });
    for (int i = 0; i < 100; i++) {
      assertThat(queue.offer(event(i, 100))).isEqualTo(EmitResult.ACCEPTED);
    }
    assertThat(readyChecks).hasValue(1); // the first offer found it not ready; the rest skipped
    verify(call, never()).onNext(any());

    ready.set(true);
    queue.drain(); // gRPC's onReady callback
    assertThat(written).hasSize(100);
    assertThat(queue.bufferedEvents()).isZero();

    queue.offer(event(100, 100)); // ready again: producers drain inline once more
    assertThat(written).hasSize(101);
  }

  @Test
  @DisplayName("a batch is written only while the transport stays ready; the rest goes back first in line")
  void batchStopsWhenTheTransportDoes() throws Exception {
    AtomicInteger readyLeft = new AtomicInteger(0);
    when(call.isReady()).thenAnswer(inv -> readyLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0);
    for (int i = 0; i < 10; i++) {
      queue.offer(event(i, 100));
    }
    readyLeft.set(3);
    queue.drain();
    assertThat(written).extracting(e -> (int) e.getPayload().byteAt(0)).containsExactly(0, 1, 2);
    assertThat(queue.bufferedEvents()).isEqualTo(7);

    readyLeft.set(Integer.MAX_VALUE);
    queue.drain();
    assertThat(written).extracting(e -> (int) e.getPayload().byteAt(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(queue.bufferedEvents()).isZero();
  }

  @Test
  @DisplayName("events a drain pass has taken still count against the buffer's bound until written")
  void takenEventsCountAgainstTheBound() throws Exception {
    OutboundQueue small = new OutboundQueue(call,
        StreamSettings.defaults().withMaxBufferedEvents(4).withOverflowPolicy(OverflowPolicy.DROP_NEWEST),
        null, null, new SystemTimeSource(timers), new EngineMetrics(new SimpleMeterRegistry()), () -> {});
    AtomicReference<Boolean> ready = new AtomicReference<>(false);
    when(call.isReady()).thenAnswer(inv -> ready.get());
    for (int i = 0; i < 4; i++) {
      assertThat(small.offer(event(i, 100))).isEqualTo(EmitResult.ACCEPTED);
    }
    List<EmitResult> duringWrite = new ArrayList<>();
    doAnswer(inv -> {
      if (written.isEmpty()) { // a producer emits while the pass writes its batch of all four
        duringWrite.add(small.offer(event(99, 100)));
      }
      return written.add(inv.getArgument(0));
    }).when(call).onNext(any());
    ready.set(true);
    small.drain();
    assertThat(duringWrite).containsExactly(EmitResult.DROPPED);
    assertThat(written).hasSize(4);
  }

  @Test
  @DisplayName("onReady arriving while a pass is deciding 'not ready' is not lost")
  void onReadyDuringAStallingPassIsNotLost() throws Exception {
    AtomicInteger readyAnswers = new AtomicInteger();
    // The first readiness check says "not ready", and the transport turns ready at that moment:
    // gRPC calls onReady (drain) while this pass is still running, so that call only counts a
    // missed pass. The running pass must then go round again and write, and later producers must
    // not skip their drain on a stall flag that no onReady will ever clear.
    when(call.isReady()).thenAnswer(inv -> {
      if (readyAnswers.incrementAndGet() == 1) {
        queue.drain();
        return false;
      }
      return true;
    });
    queue.offer(event(0, 100));
    assertThat(written).hasSize(1);
    queue.offer(event(1, 100));
    assertThat(written).hasSize(2);
    verify(call, times(2)).onNext(any());
  }
}
