package io.argogeneric.sdk;

/** A stream's on-demand source, as registered by {@link Emitter#emitOnDemand}. */
@FunctionalInterface
public interface OnDemand {

  /**
   * Tells the SDK that the source has events again after its {@link PayloadSource#next()} returned
   * {@code null}. Cheap and safe from any thread; the SDK may call {@code next()} on this thread
   * before it returns. Does nothing once the stream has ended.
   */
  void wake();
}
