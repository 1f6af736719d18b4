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
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites, in place, the class files of a jar that are older than Java 6 (version below 50) as
 * Java 8 class files (52), with the stack map frames those carry. The instructions stay the same;
 * only the version and the frames, which the JVM's verifier then checks, are new.
 *
 * <p>Why: the JDK's ahead-of-time class cache cannot hold such classes ("Unlinked class not
 * supported by AOTClassLinking"), and picocli, the SDK's flag parser, ships Java 5 class files. The
 * image's training run would leave its 160 classes out of the cache, and every start would load
 * them from the jar: about 70 ms of a 420 ms start to SERVING (docs/performance.md, section 7).
 *
 * <p>The container image's build runs it on the JDK, before the training run (docs/deploy/Dockerfile):
 * {@code java UpgradeOldClassFiles.java JAR} (the source-file launcher; java.lang.classfile is JDK
 * 24 and later).
 */
public class UpgradeOldClassFiles {
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java UpgradeOldClassFiles.java JAR");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewritten");
    int upgraded = 0;
    try (URLClassLoader jarClasses = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
      // computing frames needs the common superclass of two types: the JDK's, or the jar's own
      ClassFile classFiles =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofResourceParsing(jarClasses))));
      ClassTransform toJava8 =
          ClassTransform.endHandler(c -> c.withVersion(ClassFile.JAVA_8_VERSION, 0))
              .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        byte[] bytes = in.readAllBytes();
        if (entry.getName().endsWith(".class") && majorVersion(bytes) < 50) {
          bytes = classFiles.transformClass(classFiles.parse(bytes), toJava8);
          upgraded++;
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("UpgradeOldClassFiles: " + upgraded + " class files of " + jar + " now Java 8");
  }

  private static int majorVersion(byte[] classFile) {
    return classFile.length < 8 ? Integer.MAX_VALUE : (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
  }
}
