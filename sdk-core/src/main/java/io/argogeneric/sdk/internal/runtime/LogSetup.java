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

/**
 * Chooses plain or JSON log lines for the standalone runner, when logback is the SLF4J backend and
 * the user has not pointed logback at a config of their own. Configured in code rather than from
 * XML: parsing a logback XML file costs about 0.4 s of start-up.
 */
final class LogSetup {
  /** What {@link TextLogLayout} writes, in logback's pattern language. */
  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";

  private LogSetup() {}

  static void apply(ServerOptions.LogFormat format) {
    // grpc-java logs through java.util.logging; without the bridge its lines bypass the format
    // chosen here, and a routine client disconnect prints a multi-line "Stream Error" trace
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    if (ours()) {
      Logback.configure(format == ServerOptions.LogFormat.json);
    }
  }

  /**
   * Until {@link #apply} runs, logback's defaults print DEBUG lines; libraries that load early (the
   * start-up warmer loads Netty) would fill the console with them. Raises the threshold to INFO.
   */
  static void quietUntilApplied() {
    if (ours()) {
      Logback.raiseRootLevel();
    }
  }

  /** True when logback is the backend and the user has not pointed it at a config of their own. */
  private static boolean ours() {
    if (System.getProperty("logback.configurationFile") != null) {
      return false; // the user's own logback config wins
    }
    try {
      Class.forName("ch.qos.logback.classic.LoggerContext");
      return true;
    } catch (ClassNotFoundException e) {
      return false; // another backend: it configures itself
    }
  }

  /** Kept apart so that this class loads without logback on the class path. */
  private static final class Logback {
    static void raiseRootLevel() {
      if (org.slf4j.LoggerFactory.getILoggerFactory()
          instanceof ch.qos.logback.classic.LoggerContext ctx) {
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            .setLevel(ch.qos.logback.classic.Level.INFO);
      }
    }

    static void configure(boolean json) {
      if (!(org.slf4j.LoggerFactory.getILoggerFactory()
          instanceof ch.qos.logback.classic.LoggerContext ctx)) {
        return;
      }
      // no ctx.reset(): it puts the root back to DEBUG for a moment, and a thread that logs in that
      // moment (the start-up warmer loading Netty) would print a DEBUG line
      for (ch.qos.logback.classic.spi.LoggerContextListener l : ctx.getCopyOfListenerList()) {
        if (l instanceof ch.qos.logback.classic.jul.LevelChangePropagator) {
          ctx.removeListener(l);
        }
      }
      // keeps java.util.logging levels in step, so filtered grpc records cost nothing
      ch.qos.logback.classic.jul.LevelChangePropagator propagator =
          new ch.qos.logback.classic.jul.LevelChangePropagator();
      propagator.setContext(ctx);
      propagator.setResetJUL(true);
      ctx.addListener(propagator);
      propagator.start();
      ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(ch.qos.logback.classic.Level.INFO);
      ctx.getLogger("io.grpc").setLevel(ch.qos.logback.classic.Level.WARN);
      // a client that disconnects with writes pending is routine for long-lived streams, not a
      // warning
      ctx.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler")
          .setLevel(ch.qos.logback.classic.Level.ERROR);
      // a message over the inbound limit logs a 1.5 KB stack trace at WARN each time (a client
      // sending
      // 302 KB made 1.65 MB of log); the client gets RESOURCE_EXHAUSTED and the operator can do
      // nothing
      ctx.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream")
          .setLevel(ch.qos.logback.classic.Level.ERROR);

      ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder;
      if (json) {
        ch.qos.logback.classic.encoder.JsonEncoder e =
            new ch.qos.logback.classic.encoder.JsonEncoder();
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithContext(false);
        e.setWithArguments(false);
        e.setWithMessage(false); // the bare pattern ("event={}") says nothing...
        e.setWithFormattedMessage(true); // ...the message with its arguments filled in does
        encoder = e;
      } else {
        TextLogLayout layout = new TextLogLayout();
        layout.setContext(ctx);
        layout.start();
        ch.qos.logback.core.encoder.LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent>
            e = new ch.qos.logback.core.encoder.LayoutWrappingEncoder<>();
        e.setLayout(layout);
        encoder = e;
      }
      encoder.setContext(ctx);
      encoder.start();
      ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> stderr =
          new ch.qos.logback.core.ConsoleAppender<>();
      stderr.setContext(ctx);
      stderr.setName("STDERR");
      stderr.setTarget("System.err");
      stderr.setEncoder(encoder);
      stderr.start();

      root.detachAndStopAllAppenders(); // logback's default console appender
      root.addAppender(stderr);
    }
  }
}
