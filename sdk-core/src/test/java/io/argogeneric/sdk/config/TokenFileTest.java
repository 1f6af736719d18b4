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
package io.argogeneric.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path dir;

  @Test
  void everyLineIsATokenAndCommentsAreNot() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "# rotation\n old \n\nnew\n");
    TokenFile tokens = new TokenFile(f);
    assertThat(tokens.hasTokens()).isTrue();
    assertThat(tokens.matches("old")).isTrue();
    assertThat(tokens.matches("new")).isTrue();
    assertThat(tokens.matches("# rotation")).isFalse();
    assertThat(tokens.matches("")).isFalse();
  }

  /**
   * The one rule: contents, not mtime and size. A rewrite of the same size within one mtime tick is
   * seen.
   */
  @Test
  void aSameSizeRewriteWithTheSameMtimeIsSeen() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "aaaa");
    FileTime mtime = Files.getLastModifiedTime(f);
    TokenFile tokens = new TokenFile(f);
    assertThat(tokens.matches("aaaa")).isTrue();
    Files.writeString(f, "bbbb");
    Files.setLastModifiedTime(f, mtime);
    assertThat(Files.size(f)).isEqualTo(4);
    poll(() -> tokens.matches("bbbb"));
    assertThat(tokens.matches("aaaa")).isFalse();
  }

  @Test
  void aFileThatTurnsIntoADirectoryHoldsNoTokenUntilItIsAFileAgain() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "t");
    TokenFile tokens = new TokenFile(f);
    assertThat(tokens.matches("t")).isTrue();
    Files.delete(f);
    Files.createDirectory(f);
    poll(() -> !tokens.hasTokens());
    assertThat(tokens.matches("t")).isFalse();
    Files.delete(f);
    Files.writeString(f, "t2\n");
    poll(() -> tokens.matches("t2"));
  }

  @Test
  void onlyRegularFilesOfAtMost64KiBAreRead() throws Exception {
    Path big = dir.resolve("big");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.write("t\n".getBytes(StandardCharsets.UTF_8));
      raf.setLength(TokenFile.MAX_BYTES + 1L); // sparse: never read
    }
    assertThat(new TokenFile(big).hasTokens()).isFalse();
    assertThat(TokenFile.problem(big)).contains("is larger than 65536 bytes");
    assertThat(TokenFile.problem(dir)).contains("is a directory");
    assertThat(TokenFile.problem(dir.resolve("missing")))
        .contains("cannot be read (NoSuchFileException)");
    assertThat(TokenFile.problem(Files.writeString(dir.resolve("empty"), "\n# none\n")))
        .contains("is empty or holds no token");
    assertThat(TokenFile.problem(Files.writeString(dir.resolve("ok"), "t"))).isEmpty();
    assertThat(new TokenFile(dir.resolve("missing")).matches("t")).isFalse();
  }

  private static void poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
