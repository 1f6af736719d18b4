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

import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.health;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.open;
import static io.argogeneric.sdk.internal.runtime.RuntimeTestSupport.plaintext;
import static org.assertj.core.api.Assertions.assertThat;

import io.argogeneric.sdk.RunningServer;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS over loopback, with certificates made by openssl for this run. */
class TlsTest {
  @TempDir static Path dir;
  private static RunningServer tls;
  private static RunningServer mtls;
  private static final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Certs.authority(dir, "ca");
    Certs.authority(dir, "rogue-ca");
    Certs.leaf(
        dir,
        "ca",
        "server",
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
    Certs.leaf(dir, "ca", "client", "extendedKeyUsage=clientAuth");
    Certs.leaf(dir, "rogue-ca", "rogue-client", "extendedKeyUsage=clientAuth");
    tls =
        new TestPlugin()
            .launch(
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--tls-cert",
                dir.resolve("server.pem").toString(),
                "--tls-key",
                dir.resolve("server.key").toString());
    mtls =
        new TestPlugin()
            .launch(
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--tls-cert",
                dir.resolve("server.pem").toString(),
                "--tls-key",
                dir.resolve("server.key").toString(),
                "--tls-client-ca",
                dir.resolve("ca.pem").toString());
  }

  @AfterAll
  static void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    tls.shutdown(Duration.ofSeconds(1));
    mtls.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void tlsClientTrustingTheCaStreams() throws Exception {
    ManagedChannel ch = channel(tls, client("ca", null));
    assertStreams(ch);
    assertThat(health(ch)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void tlsRefusesPlaintextAndUntrustingClients() throws Exception {
    assertRefused(keep(plaintext(tls.port())));
    assertRefused(channel(tls, client("rogue-ca", null)));
  }

  @Test
  void mtlsStreamsToAClientWithACertificateFromTheClientCa() throws Exception {
    assertStreams(channel(mtls, client("ca", "client")));
  }

  @Test
  void mtlsRefusesClientsWithoutOrWithAForeignCertificate() throws Exception {
    assertRefused(channel(mtls, client("ca", null)));
    assertRefused(channel(mtls, client("ca", "rogue-client")));
  }

  private static ChannelCredentials client(String trustedCa, String identity) throws IOException {
    TlsChannelCredentials.Builder b =
        TlsChannelCredentials.newBuilder().trustManager(dir.resolve(trustedCa + ".pem").toFile());
    if (identity != null) {
      b.keyManager(
          dir.resolve(identity + ".pem").toFile(), dir.resolve(identity + ".key").toFile());
    }
    return b.build();
  }

  private static ManagedChannel channel(RunningServer server, ChannelCredentials creds) {
    // the certificate names IP 127.0.0.1, so the client checks the server's identity as is
    return keep(Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), creds).build());
  }

  private static ManagedChannel keep(ManagedChannel ch) {
    channels.add(ch);
    return ch;
  }

  private static void assertStreams(ManagedChannel ch) throws Exception {
    var s = open(ch, "secure", "count: 2", null);
    assertThat(s.await(2, Duration.ofSeconds(10)))
        .extracting(e -> e.getPayload().toStringUtf8())
        .containsExactly("event-0", "event-1");
    s.cancel();
  }

  private static void assertRefused(ManagedChannel ch) throws Exception {
    var s = open(ch, "refused", "count: 1", null);
    Status status = s.awaitEnd(Duration.ofSeconds(10));
    assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.events).isEmpty();
  }

  /** openssl, run as a process: EC P-256 keys (PKCS#8 PEM), one-day certificates. */
  static final class Certs {
    private Certs() {}

    static void authority(Path dir, String name) throws Exception {
      run(
          dir,
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          name + ".key",
          "-out",
          name + ".pem",
          "-days",
          "1",
          "-subj",
          "/CN=" + name,
          "-addext",
          "basicConstraints=critical,CA:TRUE",
          "-addext",
          "keyUsage=critical,keyCertSign,cRLSign");
    }

    static void leaf(Path dir, String ca, String name, String extensions) throws Exception {
      Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
      run(
          dir,
          "openssl",
          "req",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          name + ".key",
          "-out",
          name + ".csr",
          "-subj",
          "/CN=" + name);
      run(
          dir,
          "openssl",
          "x509",
          "-req",
          "-in",
          name + ".csr",
          "-CA",
          ca + ".pem",
          "-CAkey",
          ca + ".key",
          "-CAcreateserial",
          "-out",
          name + ".pem",
          "-days",
          "1",
          "-extfile",
          name + ".ext");
    }

    private static void run(Path dir, String... command) throws Exception {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
    }
  }
}
