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

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Reads a PEM certificate chain and a PEM PKCS#8 private key into Jetty's TLS setup, in memory. */
final class PemFiles {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN ([A-Z ]*)PRIVATE KEY-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1PRIVATE KEY-----");
  private static final String IN_MEMORY_PASSWORD =
      "webhook-bridge"; // the store never leaves memory

  private PemFiles() {}

  /**
   * An HTTPS server setup from the two files.
   *
   * @throws IOException with a one-line reason when either file cannot be read or used
   */
  static SslContextFactory.Server tls(Path certFile, Path keyFile) throws IOException {
    List<Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "webhook", key, IN_MEMORY_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot use " + keyFile + " with " + certFile + ": " + e.getMessage(), e);
    }
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      throw new IOException(
          "the key in "
              + keyFile
              + " is "
              + key.getAlgorithm()
              + " but the certificate in "
              + certFile
              + " is "
              + chain.get(0).getPublicKey().getAlgorithm());
    }
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(store);
    tls.setKeyStorePassword(IN_MEMORY_PASSWORD);
    tls.setKeyManagerPassword(IN_MEMORY_PASSWORD);
    return tls;
  }

  /** The certificates of a PEM file, leaf first. */
  static List<Certificate> certificates(Path file) throws IOException {
    List<Certificate> chain;
    try {
      chain =
          List.copyOf(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
    } catch (GeneralSecurityException e) {
      throw new IOException(
          file + " holds no usable PEM certificate: " + WebhookPayload.oneLine(e.getMessage()), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(file + " holds no PEM certificate");
    }
    return chain;
  }

  /** The unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) of a PEM file: RSA, EC or EdDSA. */
  static PrivateKey privateKey(Path file) throws IOException {
    Matcher m = PRIVATE_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new IOException(file + " holds no PEM private key");
    }
    if (!m.group(1).isEmpty()) {
      throw new IOException(
          file
              + " holds a '"
              + m.group(1)
              + "PRIVATE KEY'; convert it to unencrypted PKCS#8: "
              + "openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2)));
    for (String algorithm : new String[] {"RSA", "EC", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IOException(file + " holds no RSA, EC or EdDSA PKCS#8 key");
  }
}
