package ${package};

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.testkit.EventSourceContractTest;
import io.argogeneric.testkit.ReceivedEvent;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The SDK's contract (ordering, cancellation, bounded buffers, config errors, failures), run
 * in-process on virtual time: a 10 s interval costs no waiting.
 */
class ${className}Test extends EventSourceContractTest<${className}.Config> {

  @Override
  protected EventingServer<${className}.Config> newPlugin() {
    return new ${className}();
  }

  @Override
  protected String validConfig() {
    return "interval: 1s";
  }

  @Override
  protected Map<String, String> invalidConfigs() {
    return Map.of(
        "message: hi", "interval",
        "interval: 0s", "interval",
        "interval: 1s\nmesage: hi", "mesage");
  }

  @Override
  protected OptionalLong sequenceOf(ReceivedEvent event) {
    return OptionalLong.of(event.json().get("n").asLong());
  }
}
