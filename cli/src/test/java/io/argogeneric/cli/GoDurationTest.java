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
package io.argogeneric.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's time.ParseDuration, whose results and error texts these mirror. */
class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
        "500ms, 500000000",
        "5s, 5000000000",
        "1m, 60000000000",
        "1h30m, 5400000000000",
        "1.5h, 5400000000000",
        ".5s, 500000000",
        "1.s, 1000000000",
        "+5s, 5000000000",
        "-5s, -5000000000",
        "0, 0",
        "1ns, 1",
        "1us, 1000",
        "1\u00b5s, 1000",
        "1\u03bcs, 1000",
        "0.5ns0.5ns, 0",
        "1.0000000001s, 1000000000",
        "2562047h47m16.854775807s, 9223372036854775807",
    })
    void parsesAsGoDoes(String text, long nanos) {
        assertThat(GoDuration.parse(text).value()).isEqualTo(Duration.ofNanos(nanos));
        assertThat(GoDuration.parse(text)).hasToString(text);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "''         | time: invalid duration \"\"",
        "s          | time: invalid duration \"s\"",
        ".s         | time: invalid duration \".s\"",
        "5          | time: missing unit in duration \"5\"",
        "5x         | time: unknown unit \"x\" in duration \"5x\"",
        "1e3s       | time: unknown unit \"e\" in duration \"1e3s\"",
        "5S         | time: unknown unit \"S\" in duration \"5S\"",
        "2562048h   | time: invalid duration \"2562048h\"",
    })
    void refusesWhatGoRefuses(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
    }
}
