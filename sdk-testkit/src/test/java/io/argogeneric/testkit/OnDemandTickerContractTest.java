package io.argogeneric.testkit;

import io.argogeneric.sdk.EventingServer;

/** The contract holds for a plugin whose events are made on demand, with no buffer in between. */
class OnDemandTickerContractTest extends TickerContractTest {
  @Override
  protected EventingServer<TickerServer.Config> newPlugin() {
    return new OnDemandTickerServer();
  }
}
