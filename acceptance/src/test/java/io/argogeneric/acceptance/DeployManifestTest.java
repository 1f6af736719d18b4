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
package io.argogeneric.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.proto.EventingGrpc;
import io.argogeneric.testfixtures.EventReader;
import io.argogeneric.testfixtures.Waits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/deploy/ is checked by the build, for each sample: the manifests parse, agree with each
 * other, and the jar starts with the Deployment's args, serves, and exits 0 on SIGTERM as
 * Kubernetes expects.
 */
class DeployManifestTest {

  /** One sample's deployment: its folder under docs/deploy, its jar, and what only it has. */
  enum Sample {
    CALENDAR("calendar", "samples/calendar/target/calendar-eventsource.jar", false),
    WEBHOOK_BRIDGE(
        "webhook-bridge", "samples/webhook-bridge/target/webhook-bridge-eventsource.jar", true);

    final Path deploy;
    final Path jar;
    final boolean
        http; // the webhook bridge also listens for HTTP; the calendar keeps state on a volume

    Sample(String dir, String jar, boolean http) {
      this.deploy = Processes.ROOT.resolve("docs/deploy").resolve(dir);
      this.jar = Processes.ROOT.resolve(jar);
      this.http = http;
    }
  }

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Sample.class)
  void manifestsParseAndAgreeWithEachOther(Sample sample) throws IOException {
    Map<String, Map<String, Object>> docs = manifests(sample);
    if (sample.http) {
      assertThat(docs).containsOnlyKeys("Deployment", "Service", "Secret", "EventSource");
    } else {
      assertThat(docs)
          .containsOnlyKeys(
              "Deployment", "Service", "Secret", "EventSource", "PersistentVolumeClaim");
    }
    Map<String, Object> deployment = docs.get("Deployment");
    Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
    Map<String, Object> container = container(deployment);
    Map<String, Integer> ports = containerPorts(container);
    List<String> portNames =
        sample.http ? List.of("grpc", "http", "admin") : List.of("grpc", "admin");
    assertThat(ports).containsOnlyKeys(portNames);
    Map<String, String> flags = flags(container);
    assertThat(flags.get("--port")).isEqualTo(ports.get("grpc").toString());
    assertThat(flags.get("--admin-port")).isEqualTo(ports.get("admin").toString());
    if (sample.http) {
      assertThat(flags.get("--http-port")).isEqualTo(ports.get("http").toString());
    }

    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      assertThat(map(map(container, probe), "grpc").get("port"))
          .as(probe + " on the gRPC health service")
          .isEqualTo(ports.get("grpc"));
    }
    assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
    long grace = Duration.parse("PT" + flags.get("--shutdown-grace").toUpperCase()).toSeconds();
    assertThat(((Number) pod.get("terminationGracePeriodSeconds")).longValue())
        .as("SIGKILL must come after the drain")
        .isGreaterThanOrEqualTo(grace + 5);

    Map<String, Object> service = docs.get("Service");
    assertThat(map(map(service, "spec"), "selector"))
        .isEqualTo(map(map(map(deployment, "spec"), "template"), "metadata").get("labels"));
    Map<String, Integer> servicePorts = new HashMap<>();
    for (Map<String, Object> p : list(map(service, "spec"), "ports")) {
      assertThat(ports)
          .as("Service targetPort %s names a container port", p.get("targetPort"))
          .containsKey((String) p.get("targetPort"));
      servicePorts.put((String) p.get("name"), (Integer) p.get("port"));
    }
    assertThat(servicePorts).containsKeys(portNames.toArray(String[]::new));

    Map<String, Object> secret = docs.get("Secret");
    String secretName = (String) map(secret, "metadata").get("name");
    Path tokenFile = Path.of(flags.get("--auth-token-file"));
    assertThat(map(secret, "stringData")).containsKey(tokenFile.getFileName().toString());
    assertThat(secretMountPath(pod, container, secretName))
        .isEqualTo(tokenFile.getParent().toString());

    if (!sample.http) {
      Map<String, Object> claim = docs.get("PersistentVolumeClaim");
      assertThat(volumes(pod).values())
          .anySatisfy(
              v ->
                  assertThat(v)
                      .containsEntry(
                          "persistentVolumeClaim",
                          Map.of("claimName", map(claim, "metadata").get("name"))));
    }

    Map<String, Object> generic = map(map(docs.get("EventSource"), "spec"), "generic");
    assertThat(generic).isNotEmpty();
    for (Object entry : generic.values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> e = (Map<String, Object>) entry;
      String ns = (String) map(service, "metadata").get("namespace");
      assertThat(e.get("url"))
          .isEqualTo(
              map(service, "metadata").get("name") + "." + ns + ".svc:" + servicePorts.get("grpc"));
      assertThat(e.get("insecure")).as("Argo's client can only dial plaintext").isEqualTo(true);
      assertThat(map(e, "authSecret"))
          .containsEntry("name", secretName)
          .containsEntry("key", tokenFile.getFileName().toString());
      assertThat((String) e.get("config")).isNotBlank();
    }
  }

  /**
   * One name for the server: the jar is NAME.jar, --help says so, the Deployment, Service and image
   * are NAME, the Secret NAME-token, the Dockerfile's example builds NAME, and --print-eventsource
   * prints the url and Secret the EventSource here uses.
   */
  @ParameterizedTest
  @EnumSource(Sample.class)
  void jarHelpPrintedEventSourceManifestsAndDockerfileUseOneName(Sample sample) throws Exception {
    assertThat(sample.jar).as("the shaded jar is built before the tests run").exists();
    String jarName = sample.jar.getFileName().toString();
    String name = jarName.substring(0, jarName.length() - ".jar".length());
    Map<String, Map<String, Object>> docs = manifests(sample);
    assertThat(map(docs.get("Deployment"), "metadata").get("name")).isEqualTo(name);
    assertThat(map(docs.get("Service"), "metadata").get("name")).isEqualTo(name);
    assertThat((String) container(docs.get("Deployment")).get("image")).startsWith(name + ":");
    assertThat(map(docs.get("Secret"), "metadata").get("name")).isEqualTo(name + "-token");
    assertThat(Files.readString(Processes.ROOT.resolve("docs/deploy/Dockerfile")))
        .contains("--build-arg JAR=" + Processes.ROOT.relativize(sample.jar) + " -t " + name + ":");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String help =
        Processes.run(Duration.ofSeconds(60), tmp, java, "-jar", sample.jar.toString(), "--help");
    assertThat(help).contains("Usage: java -jar " + jarName + " ");

    Map<String, Object> generic = map(map(docs.get("EventSource"), "spec"), "generic");
    String entryName = generic.keySet().iterator().next();
    String printed =
        Processes.run(
            Duration.ofSeconds(60),
            tmp,
            java,
            "-jar",
            sample.jar.toString(),
            "--print-eventsource",
            entryName);
    @SuppressWarnings("unchecked")
    Map<String, Object> printedEntry =
        (Map<String, Object>)
            map(
                    map(new Yaml(new SafeConstructor(new LoaderOptions())).load(printed), "spec"),
                    "generic")
                .get(entryName);
    @SuppressWarnings("unchecked")
    Map<String, Object> entry = (Map<String, Object>) generic.get(entryName);
    assertThat(printedEntry.get("url")).isEqualTo(entry.get("url"));
    assertThat(printedEntry.get("authSecret")).isEqualTo(entry.get("authSecret"));
  }

  /**
   * The archetype's image is the image docs/deploy describes and run-comparison.sh measures: same
   * JDK, same training run and ENTRYPOINT, same JVM flags file.
   */
  @Test
  void archetypeImageHasTheStepsAndJvmFlagsOfDocsDeploy() throws IOException {
    Path archetype = Processes.ROOT.resolve("archetype/src/main/resources/archetype-resources");
    String docs = Files.readString(Processes.ROOT.resolve("docs/deploy/Dockerfile"));
    String generated = Files.readString(archetype.resolve("Dockerfile"));
    for (String step : List.of("FROM ", "RUN ", "ENTRYPOINT ")) {
      assertThat(steps(generated, step)).as(step).isNotEmpty().isEqualTo(steps(docs, step));
    }
    assertThat(steps(docs, "RUN "))
        .hasSize(2)
        .satisfiesExactly(
            upgrade -> assertThat(upgrade).contains("/app/UpgradeOldClassFiles.java"),
            training ->
                assertThat(training)
                    .contains("@/app/jvm.options", "-XX:AOTCacheOutput=/app/eventsource.aot"));
    assertThat(archetype.resolve("UpgradeOldClassFiles.java"))
        .as("the archetype's copy")
        .hasSameTextualContentAs(Processes.ROOT.resolve("docs/deploy/UpgradeOldClassFiles.java"));
    assertThat(steps(docs, "ENTRYPOINT "))
        .singleElement()
        .asString()
        .contains("@/app/jvm.options", "-XX:AOTCache=/app/eventsource.aot");
    List<String> flags = jvmFlags(Processes.ROOT.resolve("docs/deploy/jvm.options"));
    assertThat(jvmFlags(archetype.resolve("jvm.options"))).isEqualTo(flags);
    assertThat(flags).contains("-XX:+ExitOnOutOfMemoryError").allMatch(f -> f.startsWith("-"));
  }

  /**
   * The image build's two RUN steps replayed on the JDK of its FROM lines: picocli's Java 5 class
   * files become Java 8 ones, so the training run's cache holds them (without the first step it
   * logs "Skipping picocli/...: Unlinked class"), and the rewritten jar still runs on JDK 17.
   */
  @Test
  void imageBuildStepsPutPicocliIntoTheClassCache() throws Exception {
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(jdk25), "the image's JDK 25 (Temurin) is not installed at " + jdk25);
    Path jar = tmp.resolve("eventsource.jar");
    Files.copy(Sample.CALENDAR.jar, jar);
    String upgraded =
        Processes.run(
            Duration.ofMinutes(2),
            tmp,
            jdk25.toString(),
            Processes.ROOT.resolve("docs/deploy/UpgradeOldClassFiles.java").toString(),
            jar.toString());
    assertThat(upgraded).containsPattern("UpgradeOldClassFiles: [1-9][0-9]+ class files");
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      byte[] head = zip.getInputStream(zip.getEntry("picocli/CommandLine.class")).readNBytes(8);
      assertThat((head[6] & 0xff) << 8 | head[7] & 0xff).as("class file version").isEqualTo(52);
    }
    String training =
        Processes.run(
            Duration.ofMinutes(2),
            tmp,
            jdk25.toString(),
            "@" + Processes.ROOT.resolve("docs/deploy/jvm.options"),
            "-Xmx64m",
            "-XX:AOTCacheOutput=" + tmp.resolve("eventsource.aot"),
            "-Dargogeneric.trainingRun=true",
            "-jar",
            jar.toString(),
            "--port=0",
            "--admin-port=0",
            "--bind=127.0.0.1");
    assertThat(training).contains("AOTCache creation is complete").doesNotContain("picocli/");
    assertThat(
            Processes.run(
                Duration.ofMinutes(1), tmp, Processes.javaBin(), "-jar", jar.toString(), "--help"))
        .contains("Usage: java -jar calendar-eventsource.jar");
  }

  private static List<String> steps(String dockerfile, String instruction) {
    return dockerfile.lines().filter(l -> l.startsWith(instruction)).toList();
  }

  private static List<String> jvmFlags(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Sample.class)
  void jarStartsWithTheDeploymentArgsServesTheEventSourceAndExitsZeroOnSigterm(Sample sample)
      throws Exception {
    assertThat(sample.jar).as("the shaded jar is built before the tests run").exists();
    Map<String, Map<String, Object>> docs = manifests(sample);
    Map<String, Object> container = container(docs.get("Deployment"));
    String token = (String) map(docs.get("Secret"), "stringData").values().iterator().next();
    Map<String, Integer> freePorts = new HashMap<>();
    List<String> args = new ArrayList<>();
    for (Object a : (List<?>) container.get("args")) {
      args.add(localArg((String) a, token, freePorts));
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                sample.jar.toString()));
    command.addAll(args);
    Path log = tmp.resolve("server.log");
    Process server =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", freePorts.get("--port"), InsecureChannelCredentials.create())
            .build();
    try {
      Waits.until(
          "SERVING with args " + args,
          () -> {
            if (!server.isAlive()) { // e.g. exit 2: the jar refused a flag of the manifest
              throw new AssertionError(
                  "exited " + server.exitValue() + " with args " + args + ":\n" + read(log));
            }
            return health(channel) == ServingStatus.SERVING;
          });
      int admin = freePorts.get("--admin-port");
      assertThat(httpGet(admin, "/readyz").statusCode()).isEqualTo(200);

      // the EventSource's config is one the server accepts: its stream opens and stays open
      @SuppressWarnings("unchecked")
      Map<String, Object> entry =
          (Map<String, Object>)
              map(map(docs.get("EventSource"), "spec"), "generic").values().iterator().next();
      Metadata auth = new Metadata();
      auth.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      EventReader reader =
          new EventReader(EventReader.AUTO)
              .start(
                  EventingGrpc.newStub(channel)
                      .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)),
                  "deploy-test",
                  (String) entry.get("config"));
      Waits.until(
          "the EventSource's stream is open",
          () -> {
            assertThat(reader.end).as("stream ended early").isNotDone();
            return java.util.regex.Pattern.compile("(?m)^eventsource_streams_active 1(\\.0)?$")
                .matcher(httpGet(admin, "/metrics").body())
                .find();
          });

      if (sample.http) {
        postReachesTheStream(entry, freePorts, reader);
      }
      server.destroy(); // SIGTERM, as the kubelet sends it
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
      assertThat(server.exitValue()).as("exit code; log:\n%s", Files.readString(log)).isZero();
      Status status = reader.awaitEnd(Duration.ofSeconds(5));
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      channel.shutdownNow();
      server.destroyForcibly();
    }
  }

  /** The webhook bridge: a POST to the configured endpoint on the HTTP port becomes an event. */
  private static void postReachesTheStream(
      Map<String, Object> entry, Map<String, Integer> freePorts, EventReader reader)
      throws Exception {
    String endpoint =
        ((String) entry.get("config"))
            .lines()
            .filter(l -> l.startsWith("endpoint:"))
            .map(l -> l.substring("endpoint:".length()).trim())
            .findFirst()
            .orElseThrow();
    HttpRequest post =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + freePorts.get("--http-port") + endpoint))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"deploy\":\"test\"}"))
            .timeout(Duration.ofSeconds(5))
            .build();
    // the plugin opens its HTTP listener when the stream starts, just after the stream counts as
    // open
    Waits.until(
        "POST " + endpoint + " answered 200",
        () -> {
          try {
            int code =
                HttpClient.newHttpClient()
                    .send(post, HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            assertThat(code).as("POST %s", endpoint).isIn(200, 503);
            return code == 200;
          } catch (java.net.ConnectException e) {
            return false;
          } catch (IOException e) {
            throw new AssertionError(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        });
    reader.awaitReceived(1, Waits.DEFAULT);
    assertThat(reader.received.get(0))
        .as("event for the POST")
        .contains("\"deploy\"")
        .contains("\"test\"");
  }

  /** The arg as it can run here: ports made free ones, pod paths moved under the temp dir. */
  private String localArg(String arg, String token, Map<String, Integer> freePorts)
      throws IOException {
    int eq = arg.indexOf('=');
    assertThat(eq).as("args use --flag=value: %s", arg).isPositive();
    String flag = arg.substring(0, eq);
    String value = arg.substring(eq + 1);
    if (flag.endsWith("-port")) {
      int port = freePort();
      freePorts.put(flag, port);
      return flag + "=" + port;
    }
    if (!value.startsWith("/")) {
      return arg;
    }
    Path local = tmp.resolve(value.substring(1));
    if (flag.equals("--auth-token-file")) {
      Files.createDirectories(local.getParent());
      Files.writeString(local, token + "\n");
    } else {
      Files.createDirectories(local);
    }
    return flag + "=" + local;
  }

  // ---- YAML ----

  private static Map<String, Map<String, Object>> manifests(Sample sample) throws IOException {
    Map<String, Map<String, Object>> byKind = new HashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(sample.deploy)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      for (Object doc :
          new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
        assertThat(doc).as("%s holds a mapping", file).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) doc;
        assertThat(m).as(file.toString()).containsKeys("apiVersion", "kind", "metadata");
        assertThat(map(m, "metadata"))
            .as(file.toString())
            .containsEntry("namespace", "argo-events")
            .containsKey("name");
        assertThat(byKind.put((String) m.get("kind"), m)).as("one %s", m.get("kind")).isNull();
      }
    }
    return byKind;
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    List<Map<String, Object>> containers =
        list(map(map(map(deployment, "spec"), "template"), "spec"), "containers");
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Map<String, Integer> containerPorts(Map<String, Object> container) {
    Map<String, Integer> ports = new HashMap<>();
    for (Map<String, Object> p : list(container, "ports")) {
      ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
    }
    return ports;
  }

  private static Map<String, String> flags(Map<String, Object> container) {
    Map<String, String> flags = new HashMap<>();
    for (Object a : (List<?>) container.get("args")) {
      String arg = (String) a;
      int eq = arg.indexOf('=');
      flags.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
    }
    return flags;
  }

  private static Map<String, Map<String, Object>> volumes(Map<String, Object> pod) {
    Map<String, Map<String, Object>> volumes = new HashMap<>();
    for (Map<String, Object> v : list(pod, "volumes")) {
      volumes.put((String) v.get("name"), v);
    }
    return volumes;
  }

  private static String secretMountPath(
      Map<String, Object> pod, Map<String, Object> container, String secretName) {
    for (Map.Entry<String, Map<String, Object>> v : volumes(pod).entrySet()) {
      Object secret = v.getValue().get("secret");
      if (secret instanceof Map<?, ?> s && secretName.equals(s.get("secretName"))) {
        for (Map<String, Object> mount : list(container, "volumeMounts")) {
          if (v.getKey().equals(mount.get("name"))) {
            assertThat(mount)
                .as("a subPath mount never sees a rotated Secret")
                .doesNotContainKey("subPath");
            return (String) mount.get("mountPath");
          }
        }
      }
    }
    throw new AssertionError("no volume mounts Secret " + secretName);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent.get(key)).as("'%s' is a mapping", key).isInstanceOf(Map.class);
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    assertThat(parent.get(key)).as("'%s' is a list", key).isInstanceOf(List.class);
    return (List<Map<String, Object>>) parent.get(key);
  }

  // ---- network ----

  private static ServingStatus health(ManagedChannel channel) {
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance())
          .getStatus();
    } catch (RuntimeException e) {
      return ServingStatus.UNKNOWN;
    }
  }

  private static HttpResponse<String> httpGet(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
