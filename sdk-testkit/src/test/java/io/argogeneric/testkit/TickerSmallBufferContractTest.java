package io.argogeneric.testkit;

import io.argogeneric.sdk.EventingServer;
import io.argogeneric.sdk.OverflowPolicy;
import io.argogeneric.sdk.StreamSettings;

/** The contract with a small buffer that drops the oldest event when a reader stalls. */
class TickerSmallBufferContractTest extends TickerContractTest {
  @Override
  protected EventingServer<TickerServer.Config> newPlugin() {
    return new TickerServer(
        StreamSettings.defaults().withMaxBufferedEvents(16).withOverflowPolicy(OverflowPolicy.DROP_OLDEST));
  }
}
