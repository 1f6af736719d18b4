package io.argogeneric.sdk.internal.runtime;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.StreamContext;
import java.util.List;
import java.util.Map;

/** A plugin whose config may legally be large (a list, a map of strings); it emits one event once bound. */
public final class BulkPlugin extends EventingServer<BulkPlugin.Config> {
  /** {@code items} and {@code metadata}: any number of strings. */
  public record Config(List<String> items, Map<String, String> metadata) {}

  public BulkPlugin() {
    super(Config.class);
  }

  @Override
  public void start(StreamContext<Config> stream) {
    stream.emitter().emitText("bound");
  }
}
