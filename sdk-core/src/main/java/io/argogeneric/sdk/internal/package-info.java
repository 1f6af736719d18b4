/**
 * The SDK's engine: the gRPC service, per-stream buffers and timers, config binding. Public only so
 * that the SDK's own modules (the testkit, the runtime) can reach it; not an API for plugins and
 * free to change in any release.
 */
package io.argogeneric.sdk.internal;
