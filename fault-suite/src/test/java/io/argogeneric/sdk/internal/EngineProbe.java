/*
 * Copyright 2026 The Argo generic eventsource SDK authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.argogeneric.sdk.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Reads what the engine does not publish: the tasks waiting in its timer queue. Lives in the SDK's
 * internal package only to reach the package-private executor; the fault tests use it to prove that
 * no timer of an ended stream is left behind.
 */
public final class EngineProbe {
  private EngineProbe() {}

  /** Timer and worker tasks queued on the engine's executor, cancelled ones excluded. */
  public static int queuedTasks(EventingEngine<?> engine) {
    if (!(engine.executor() instanceof ScheduledThreadPoolExecutor pool)) {
      throw new IllegalStateException(
          "engine executor is a " + engine.executor().getClass().getName());
    }
    // the runtime sets removeOnCancel, so cancelled timers leave the queue at once
    return pool.getQueue().size();
  }

  /** The server-wide budget of buffered bytes the engine enforces. */
  public static long bufferBudget(EventingEngine<?> engine) {
    return engine.bufferBudget().limit();
  }
}
