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
package io.argogeneric.store.nats;

import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Credentials and TLS from files named in the store URI, applied to the connection's options. */
final class NatsCredentials {
  private NatsCredentials() {}

  static void apply(NatsStoreOptions options, Options.Builder builder) throws IOException {
    if (options.creds() != null) {
      readable(options.creds(), "creds");
      builder.authHandler(Nats.credentials(options.creds().toString()));
    }
    if (options.tokenFile() != null) {
      builder.token(secret(options.tokenFile(), "token-file"));
    }
    if (options.user() != null) {
      builder.userInfo(
          options.user().toCharArray(), secret(options.passwordFile(), "password-file"));
    }
    if (options.tls()) {
      try {
        builder.sslContext(sslContext(options));
      } catch (GeneralSecurityException e) {
        throw new IOException("NATS store: TLS files unusable: " + e.getMessage(), e);
      }
    }
  }

  /** A file's content without its trailing newline. */
  private static char[] secret(Path file, String option) throws IOException {
    readable(file, option);
    String s = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (s.isEmpty()) {
      throw new IOException("NATS store: " + option + "=" + file + " is empty");
    }
    return s.toCharArray();
  }

  private static void readable(Path file, String option) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException("NATS store: " + option + "=" + file + " is not a readable file");
    }
  }

  /** The CA's certificates (else the JVM's trust store), and the client certificate if given. */
  private static SSLContext sslContext(NatsStoreOptions options)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (options.tlsCa() != null) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certificates(options.tlsCa(), "tls-ca")) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      tmf.init(trust);
    } else {
      tmf.init((KeyStore) null);
    }
    KeyManagerFactory kmf = null;
    if (options.tlsCert() != null) {
      KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
      keys.load(null, null);
      char[] none = new char[0];
      keys.setKeyEntry(
          "client",
          privateKey(options.tlsKey()),
          none,
          certificates(options.tlsCert(), "tls-cert").toArray(Certificate[]::new));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, none);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static Collection<? extends Certificate> certificates(Path file, String option)
      throws IOException, GeneralSecurityException {
    readable(file, option);
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException("NATS store: " + option + "=" + file + " holds no certificate");
      }
      return certs;
    }
  }

  /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}): RSA, EC or Ed25519. */
  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    readable(file, "tls-key");
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(
          "NATS store: tls-key="
              + file
              + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with"
              + " `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IOException("NATS store: tls-key=" + file + ": not an RSA, EC or Ed25519 key", last);
  }
}
