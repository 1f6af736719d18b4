package io.argogeneric.testkit;

/** The same contract over a real loopback socket. */
class TickerLoopbackContractTest extends TickerContractTest {
  @Override
  protected EventSourceExtension extension() {
    return super.extension().overLoopback();
  }
}
