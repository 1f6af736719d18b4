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

import static io.argogeneric.cli.TestEventingServer.sendThenHold;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --tls with a self-signed certificate generated for this test by the JDK's keytool. */
class TlsTest {

  private static final String HOST_IN_CERTIFICATE = "eventsource.test";
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;

  static Path caFile;
  static ServerCredentials serverCredentials;

  @BeforeAll
  static void generateCertificate() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    caFile = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    keytool(
        keytool,
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + HOST_IN_CERTIFICATE,
        "-ext",
        "SAN=dns:" + HOST_IN_CERTIFICATE,
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "changeit",
        "-file",
        caFile.toString());

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, PASSWORD);
    serverCredentials =
        TlsServerCredentials.newBuilder().keyManager(keyManagers.getKeyManagers()).build();
  }

  private static void keytool(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void tlsWithTheCaFileAndAuthorityReceivesEvents() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(serverCredentials, sendThenHold("{\"secure\":true}"))) {
      ClientRun run =
          ClientRun.finish(
              "--url",
              server.url(),
              "--name",
              "e",
              "--config",
              "c",
              "--json-body",
              "--tls",
              "--ca-file",
              caFile.toString(),
              "--authority",
              HOST_IN_CERTIFICATE,
              "--token",
              "t",
              "--count",
              "1");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stdout()).isEqualTo("{\"body\":{\"secure\":true}}\n");
      assertThat(run.stderr()).contains("(TLS, CA " + caFile + ")");
      assertThat(server.calls())
          .extracting(TestEventingServer.Call::authorization)
          .containsExactly("Bearer t");
    }
  }

  @Test
  void tlsFailsWithoutTheCaFileOrWithAHostTheCertificateDoesNotName() throws Exception {
    try (TestEventingServer server =
        TestEventingServer.start(serverCredentials, sendThenHold("1"))) {
      Map<List<String>, String> wrongSetups =
          Map.of(
              List.of("--tls", "--authority", HOST_IN_CERTIFICATE),
                  "unable to find valid certification path",
              List.of("--tls", "--ca-file", caFile.toString()),
                  "No subject alternative names matching IP address 127.0.0.1",
              List.of(), "UNAVAILABLE"); // plaintext to a TLS port
      for (Map.Entry<List<String>, String> setup : wrongSetups.entrySet()) {
        List<String> tlsFlags = setup.getKey();
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--url",
                    server.url(),
                    "--name",
                    "e",
                    "--config",
                    "c",
                    "--retry",
                    "100ms",
                    "--count",
                    "1",
                    "--duration",
                    "4s")); // room for a slow handshake on a busy machine
        args.addAll(tlsFlags);
        ClientRun run = ClientRun.finish(args.toArray(String[]::new));

        assertThat(run.exitCode()).as("%s: %s", tlsFlags, run.stderr()).isEqualTo(1);
        assertThat(run.stderr())
            .as("%s", tlsFlags)
            .contains("stream ended with status UNAVAILABLE")
            .contains(setup.getValue());
      }
      assertThat(server.calls()).isEmpty();
    }
  }
}
