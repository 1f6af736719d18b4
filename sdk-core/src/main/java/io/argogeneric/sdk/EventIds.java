package io.argogeneric.sdk;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Stable event ids for consumers that must drop duplicates. Argo's client sends no
 * acknowledgement, so the strongest guarantee the generic protocol allows across a server restart
 * is at-least-once; a plugin that puts an id derived from what the event <em>is</em> (the calendar
 * slot, the upstream message id) into its payload lets the consumer recognise a repeat.
 */
public final class EventIds {
  private EventIds() {}

  /**
   * A name-based (version 3) UUID of {@code parts}: the same parts always give the same id, on any
   * server, after any restart. Parts are joined unambiguously (length-prefixed).
   */
  public static String stable(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      sb.append(p.length()).append(':').append(p);
    }
    return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }
}
