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
package io.argogeneric.sdk.internal.runtime;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The standalone runner's plain log line, {@value LogSetup#TEXT_PATTERN} in logback's pattern
 * language, written out in code: logback's pattern layout registers its sixty converters as lambdas
 * and parses the pattern when it starts, a tenth of the main thread's start-up in a JFR profile
 * (and on JDK 17 sixty lambda classes spun at every start).
 */
final class TextLogLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

  private final ZoneId zone = ZoneId.systemDefault();
  private final TargetLengthBasedClassNameAbbreviator loggerNames =
      new TargetLengthBasedClassNameAbbreviator(24);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), line);
    String level = event.getLevel().toString();
    line.append(' ').append(level);
    for (int i = level.length(); i < 5; i++) {
      line.append(' ');
    }
    line.append(" [")
        .append(event.getThreadName())
        .append("] ")
        .append(loggerNames.abbreviate(event.getLoggerName()))
        .append(" - ")
        .append(event.getFormattedMessage())
        .append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
    }
    return line.toString();
  }
}
