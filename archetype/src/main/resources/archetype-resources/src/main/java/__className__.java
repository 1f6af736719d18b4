package ${package};

import com.fasterxml.jackson.annotation.JsonProperty;
import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import io.argogeneric.sdk.config.ConfigErrors;
import io.argogeneric.sdk.config.Description;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Argo generic eventsource: every stream gets {"message": ..., "n": 1}, {"n": 2}, ... once per
 * {@code interval}. Replace the timer in {@link #start} with your own source of events.
 */
public final class ${className} extends EventingServer<${className}.Config> {

  /** What one EventSource entry's {@code config} may hold; unknown keys are refused. */
  @Description("The config of one stream.")
  public record Config(
      @JsonProperty(required = true) @Description("How often to emit, e.g. 10s, 5m or 1h.") Duration interval,
      @JsonProperty(defaultValue = "hello") @Description("The text each event carries.") String message) {}

  /** The payload of each event; Argo embeds it as JSON with jsonBody: true. */
  public record Tick(String message, long n) {}

  public ${className}() {
    super(Config.class);
  }

  @Override
  public void validate(Config config, ConfigErrors errors) {
    if (config.interval().isNegative() || config.interval().isZero()) {
      errors.add("interval", "must be positive, got " + config.interval());
    }
  }

  @Override
  public String exampleConfig() {
    return "interval: 10s\nmessage: hello";
  }

  @Override
  public void start(StreamContext<Config> stream) {
    Duration interval = stream.config().interval();
    String message = stream.config().message() == null ? "hello" : stream.config().message();
    AtomicLong n = new AtomicLong();
    stream.scheduler().scheduleAtFixedRate(interval, interval,
        () -> stream.emitter().emitJson(new Tick(message, n.incrementAndGet())));
  }

  public static void main(String[] args) {
    new ${className}().run(args);
  }
}
