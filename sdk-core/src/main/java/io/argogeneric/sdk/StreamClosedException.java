package io.argogeneric.sdk;

/**
 * Thrown by an emit or a schedule on a stream that has ended: the client went away, the plugin
 * failed, or the server is shutting down. A plugin that sees it should stop producing for that
 * stream; its {@link StreamContext#onStop stop actions} have run or are about to.
 */
public final class StreamClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public StreamClosedException(String message) {
    super(message);
  }
}
