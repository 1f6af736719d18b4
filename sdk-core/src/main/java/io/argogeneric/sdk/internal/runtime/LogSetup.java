package io.argogeneric.sdk.internal.runtime;

/**
 * Chooses plain or JSON log lines for the standalone runner, when logback is the SLF4J backend and
 * the user has not pointed logback at a config of their own.
 */
final class LogSetup {
  private LogSetup() {}

  static void apply(ServerOptions.LogFormat format) {
    // grpc-java logs through java.util.logging; without the bridge its lines bypass the format
    // chosen here, and a routine client disconnect prints a multi-line "Stream Error" trace
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    if (System.getProperty("logback.configurationFile") != null) {
      return; // the user's own logback config wins
    }
    try {
      Class.forName("ch.qos.logback.classic.LoggerContext");
    } catch (ClassNotFoundException e) {
      return; // another backend: it configures itself
    }
    LogbackConfig.load(format == ServerOptions.LogFormat.json
        ? "/io/argogeneric/sdk/logback-json.xml" : "/io/argogeneric/sdk/logback-text.xml");
  }

  /** Kept apart so that this class loads without logback on the class path. */
  private static final class LogbackConfig {
    static void load(String resource) {
      if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
        return;
      }
      try {
        ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(ctx);
        ctx.reset();
        configurator.doConfigure(LogSetup.class.getResource(resource));
      } catch (ch.qos.logback.core.joran.spi.JoranException e) {
        System.err.println("eventsource: cannot configure logging from " + resource + ": " + e);
      }
    }
  }
}
