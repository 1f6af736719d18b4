package io.argogeneric.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without virtual time the plugin runs on the SDK's real timers. */
class RealTimeTest {
  @RegisterExtension
  final EventSourceExtension es = EventSourceExtension.of(TickerServer::new);

  @Test
  void eventsComeOnRealTimers() {
    TestStream stream = es.open("real", "interval: 10ms");
    assertThat(stream.awaitEvents(3, Duration.ofSeconds(5)))
        .extracting(e -> e.json().get("n").asLong())
        .containsExactly(1L, 2L, 3L);
    stream.close();
    es.awaitCondition("the run to stop", Duration.ofMillis(100), () -> es.pluginRunsStopped() == 1);
    assertThat(es.pendingTasks()).isZero();
  }
}
