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

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written plain log line against logback's own pattern layout, as the oracle. */
class TextLogLayoutTest {
  @Test
  void writesWhatLogbacksPatternLayoutWrites() {
    LoggerContext ctx = new LoggerContext();
    PatternLayout oracle = new PatternLayout();
    oracle.setContext(ctx);
    oracle.setPattern(LogSetup.TEXT_PATTERN);
    oracle.start();
    TextLogLayout layout = new TextLogLayout();
    layout.setContext(ctx);
    layout.start();

    Exception nested = new IllegalStateException("inner", new java.io.IOException("disk"));
    List<LoggingEvent> events =
        List.of(
            event(ctx, "io.argogeneric.sdk.internal.runtime.ServerLauncher", Level.INFO, null),
            event(ctx, "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler", Level.WARN, null),
            event(ctx, "short", Level.ERROR, nested),
            event(ctx, "a.b.C", Level.DEBUG, null),
            event(
                ctx,
                "org.example.SomeVeryLongPluginClassNameThatIsLongerThanTwentyFour",
                Level.TRACE,
                new RuntimeException("no cause")));
    for (LoggingEvent e : events) {
      assertThat(layout.doLayout(e)).isEqualTo(oracle.doLayout(e));
    }
  }

  private static LoggingEvent event(LoggerContext ctx, String logger, Level level, Throwable t) {
    Logger l = ctx.getLogger(logger);
    LoggingEvent e =
        new LoggingEvent(
            Logger.class.getName(), l, level, "stream {} ended: {}", t, new Object[] {7, "ok"});
    e.setThreadName("grpc-callback-3");
    e.setTimeStamp(1_765_000_000_123L);
    return e;
  }
}
