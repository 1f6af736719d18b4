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
package io.argogeneric.samples.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argogeneric.sdk.RunningServer;
import io.argogeneric.testfixtures.Waits;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge started from flags, as {@code main} starts it, inside this JVM. */
class WebhookServerTest {
  @TempDir static Path dir;
  private static TlsFiles tls;

  @BeforeAll
  static void makeCertificate() throws Exception {
    tls = TlsFiles.generate(dir);
  }

  @Test
  @DisplayName("Bad HTTP flags stop the server at start with a one-line reason")
  void badFlagsAreRefused() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Files.writeString(cert, "not a certificate");
    Path pkcs1 = dir.resolve("rsa.key");
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> new WebhookBridge().launch("--port", "0", "--http-port", "70000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'70000' is not a port");
    assertThatThrownBy(
            () -> new WebhookBridge().launch("--port", "0", "--http-endpoint-grace", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time: invalid duration \"soon\"");
    assertThatThrownBy(
            () -> new WebhookBridge().launch("--port", "0", "--http-read-timeout", "-1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'-1s' is negative");
    assertThatThrownBy(
            () -> new WebhookBridge().launch("--port", "0", "--http-tls-key", pkcs1.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl pkcs8 -topk8");
    assertThatThrownBy(
            () -> new WebhookBridge().launch("--port", "0", "--http-tls-cert", cert.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no");
    assertThatThrownBy(
            () -> new WebhookBridge().launch("--port", "0", "--http-tls-cert", tls.cert.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--http-tls-key");
  }

  @Test
  @DisplayName(
      "With --http-tls-cert and --http-tls-key (PEM) the listener serves HTTPS, and a POST becomes an event")
  void httpsWithPemFiles() throws Exception {
    WebhookBridge bridge = new WebhookBridge();
    try (RunningServer server =
            bridge.launch(
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--http-port",
                "0",
                "--http-bind",
                "127.0.0.1",
                "--http-tls-cert",
                tls.cert.toString(),
                "--http-tls-key",
                tls.key.toString());
        GrpcReader reader = new GrpcReader(server.port(), "secure", "endpoint: /secure")) {
      Waits.until("the HTTPS listener is bound", () -> bridge.boundHttpPort() >= 0);
      int port = bridge.boundHttpPort();
      assertThat(port).isPositive();
      Http https =
          new Http(
              "https",
              port,
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .sslContext(tls.clientContext())
                  .connectTimeout(Duration.ofSeconds(5))
                  .build());
      HttpResponse<String> r = https.postJson("/secure", "{\"tls\":true}");
      assertThat(r.statusCode()).isEqualTo(200);
      reader.awaitReceived(1, Duration.ofSeconds(5));
      assertThat(reader.received.get(0)).contains("\"body\":{\"tls\":true}");

      HttpResponse<String> plain = null;
      try {
        plain =
            Http.to(port)
                .send(
                    Http.to(port)
                        .request("/secure")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
      } catch (RuntimeException e) {
        // a plaintext request on a TLS port may just fail: that is fine, as long as it is not
        // accepted
      }
      assertThat(plain == null || plain.statusCode() != 200)
          .as("plaintext HTTP is not served")
          .isTrue();
      assertThat(reader.received).hasSize(1);
    }
  }

  /**
   * A self-signed certificate for 127.0.0.1 made by the JDK's keytool, written out as PEM files.
   */
  static final class TlsFiles {
    final Path cert;
    final Path key;
    private final KeyStore trust;

    private TlsFiles(Path cert, Path key, KeyStore trust) {
      this.cert = cert;
      this.key = key;
      this.trust = trust;
    }

    static TlsFiles generate(Path dir) throws Exception {
      Path store = dir.resolve("server.p12");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      Process p =
          new ProcessBuilder(
                  keytool,
                  "-genkeypair",
                  "-alias",
                  "server",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-dname",
                  "CN=127.0.0.1",
                  "-ext",
                  "san=ip:127.0.0.1,dns:localhost",
                  "-validity",
                  "2",
                  "-keystore",
                  store.toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  "changeit")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as("keytool: %s", out).isZero();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = new FileInputStream(store.toFile())) {
        ks.load(in, "changeit".toCharArray());
      }
      Certificate c = ks.getCertificate("server");
      Key k = ks.getKey("server", "changeit".toCharArray());
      Path cert = dir.resolve("tls.crt");
      Path key = dir.resolve("tls.key");
      Files.writeString(cert, pem("CERTIFICATE", c.getEncoded()));
      Files.writeString(key, pem("PRIVATE KEY", k.getEncoded()));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", c);
      return new TlsFiles(cert, key, trust);
    }

    SSLContext clientContext() throws Exception {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    }

    private static String pem(String type, byte[] der) {
      return "-----BEGIN "
          + type
          + "-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END "
          + type
          + "-----\n";
    }
  }
}
