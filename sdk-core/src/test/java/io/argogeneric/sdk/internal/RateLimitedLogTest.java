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

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Client-driven log lines are limited per cause and in total, and say how many were held back. */
class RateLimitedLogTest {

  @Test
  void distinctCausesShareOneBudgetPerInterval() {
    Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    AtomicLong now = new AtomicLong();
    RateLimitedLog log = new RateLimitedLog(logger, 1, TimeUnit.MINUTES, now::get);

    for (int i = 0; i < 20_000; i++) { // issue 18.8: one WARN per distinct bad config
      log.warn("config-" + i, "config refused {}", i);
    }
    assertThat(lines.list).hasSize(RateLimitedLog.BUDGET);
    log.warn("config-0", "config refused {}", 0);
    assertThat(lines.list).as("the same cause within the interval").hasSize(RateLimitedLog.BUDGET);

    now.addAndGet(TimeUnit.MINUTES.toNanos(1));
    log.error("failure", "plugin failed id={}", "ab12", new IllegalStateException("boom"));
    ILoggingEvent next = lines.list.get(RateLimitedLog.BUDGET);
    assertThat(next.getFormattedMessage())
        .isEqualTo(
            "plugin failed id=ab12 (19990 similar lines held back by the log's rate limit before this one)");
    assertThat(next.getThrowableProxy().getMessage()).isEqualTo("boom");
    log.warn("config-1", "config refused {}", 1);
    assertThat(lines.list.get(RateLimitedLog.BUDGET + 1).getFormattedMessage())
        .isEqualTo("config refused 1");
  }
}
