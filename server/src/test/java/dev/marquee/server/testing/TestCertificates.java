package dev.marquee.server.testing;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time (BouncyCastle, test scope only): a CA, a server certificate for
 * {@code localhost} and {@code 127.0.0.1}, and a client certificate for mutual TLS, each written as
 * PEM (keys as PKCS#8) under a directory. Valid from an hour ago for a day.
 *
 * @param ca the CA certificate (what clients trust, and the server's {@code --tls-client-ca})
 * @param serverCert the server's certificate chain
 * @param serverKey its key
 * @param clientCert a client certificate signed by the same CA
 * @param clientKey its key
 */
public record TestCertificates(
    Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** Writes a fresh CA, server and client certificate under {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
      KeyPair ca = keys();
      X500Name caName = new X500Name("CN=Marquee test CA");
      X509Certificate caCert = sign(caName, ca.getPublic(), caName, ca.getPrivate(), true);
      KeyPair server = keys();
      X509Certificate serverCert =
          sign(new X500Name("CN=localhost"), server.getPublic(), caName, ca.getPrivate(), false);
      KeyPair client = keys();
      X509Certificate clientCert =
          sign(new X500Name("CN=test-client"), client.getPublic(), caName, ca.getPrivate(), false);
      TestCertificates t =
          new TestCertificates(
              dir.resolve("ca.pem"),
              dir.resolve("server.pem"),
              dir.resolve("server.key"),
              dir.resolve("client.pem"),
              dir.resolve("client.key"));
      pem(t.ca(), caCert);
      pem(t.serverCert(), serverCert);
      pem(t.serverKey(), new JcaPKCS8Generator(server.getPrivate(), null));
      pem(t.clientCert(), clientCert);
      pem(t.clientKey(), new JcaPKCS8Generator(client.getPrivate(), null));
      return t;
    } catch (GeneralSecurityException | OperatorCreationException ex) {
      throw new IOException("cannot make test certificates: " + ex, ex);
    }
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(
      X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey, boolean isCa)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            key);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static void pem(Path file, Object o) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
  }
}
