/**
 * The authoring tools every server built on the SDK gets: {@code --print-config-schema}, {@code
 * --print-eventsource} and {@code --check-config}. Internal: reached through those flags, not an
 * API for plugins.
 */
package io.argogeneric.sdk.internal.tooling;
