package ukey.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The CA's keys, kept in DIR/ca: a TLS root and the server certificate it signs (SAN 127.0.0.1 and localhost), and
 * the issuing CA (made at first start, or imported from PEM). DIR/trust.pem is what a client needs: the TLS root,
 * then the issuing CA certificate and any issuers that came with it.
 */
final class CaKeys {

    static final String TLS_ROOT = "tls-root.pem";
    static final String TLS_ROOT_KEY = "tls-root.key";
    static final String TLS_SERVER = "tls-server.pem";
    static final String TLS_SERVER_KEY = "tls-server.key";
    static final String ISSUING = "issuing-ca.pem";
    static final String ISSUING_KEY = "issuing-ca.key";

    private static final SecureRandom RANDOM = new SecureRandom();

    final X509Certificate tlsRoot;
    final X509Certificate tlsServer;
    final PrivateKey tlsServerKey;
    /** the issuing CA certificate first, then the issuers that came with an imported one */
    final List<X509Certificate> issuingChain;
    final PrivateKey issuingKey;

    private CaKeys(X509Certificate tlsRoot, X509Certificate tlsServer, PrivateKey tlsServerKey,
                   List<X509Certificate> issuingChain, PrivateKey issuingKey) {
        this.tlsRoot = tlsRoot;
        this.tlsServer = tlsServer;
        this.tlsServerKey = tlsServerKey;
        this.issuingChain = List.copyOf(issuingChain);
        this.issuingKey = issuingKey;
    }

    X509Certificate issuing() {
        return issuingChain.getFirst();
    }

    /** Loads DIR/ca, making what is missing; imports caCert/caKey into a directory that has no issuing CA yet. */
    static CaKeys loadOrCreate(Path dir, Path caCert, Path caKey, SandboxSettings.CaAlgorithm algorithm) {
        try {
            Path ca = Files.createDirectories(dir.resolve("ca"));
            KeyAndChain root = loadOrMake(ca, TLS_ROOT, TLS_ROOT_KEY, () -> {
                KeyPair key = ecKey();
                return new KeyAndChain(key.getPrivate(), List.of(selfSignedCa(
                        new X500Name("CN=UKey Sandbox TLS Root,O=UKey Sandbox,C=CN"), key, Duration.ofDays(3650))));
            });
            KeyAndChain server = loadOrMake(ca, TLS_SERVER, TLS_SERVER_KEY, () -> {
                KeyPair key = ecKey();
                return new KeyAndChain(key.getPrivate(), List.of(serverCertificate(root, key.getPublic())));
            });
            KeyAndChain issuing = loadIssuing(ca, caCert, caKey, algorithm);
            CaKeys keys = new CaKeys(root.chain().getFirst(), server.chain().getFirst(), server.key(),
                    issuing.chain(), issuing.key());
            Store.writeAtomically(dir.resolve("trust.pem"), keys.trustPem().getBytes(StandardCharsets.UTF_8));
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("CA files in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads the CA of a directory where `serve` ran before. */
    static CaKeys load(Path dir) {
        Path ca = dir.resolve("ca");
        for (String file : List.of(TLS_ROOT, TLS_SERVER, TLS_SERVER_KEY, ISSUING, ISSUING_KEY)) {
            if (!Files.exists(ca.resolve(file))) {
                throw new IllegalArgumentException(dir + " has no CA yet (" + ca.resolve(file) + " is missing); "
                        + "start `ca-sandbox serve --dir " + dir + "` once: it makes or imports the CA");
            }
        }
        return new CaKeys(Pem.certificate(Pem.read(ca.resolve(TLS_ROOT))),
                Pem.certificate(Pem.read(ca.resolve(TLS_SERVER))), Pem.privateKey(Pem.read(ca.resolve(TLS_SERVER_KEY))),
                Pem.certificates(Pem.read(ca.resolve(ISSUING))), Pem.privateKey(Pem.read(ca.resolve(ISSUING_KEY))));
    }

    String trustPem() {
        List<X509Certificate> trust = new ArrayList<>();
        trust.add(tlsRoot);
        trust.addAll(issuingChain);
        return Pem.encode(trust);
    }

    SSLContext sslContext() {
        try {
            char[] password = "sandbox".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", tlsServerKey, password, new X509Certificate[] {tlsServer, tlsRoot});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS setup: " + e.getMessage(), e);
        }
    }

    record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
    }

    private interface Maker {
        KeyAndChain make() throws GeneralSecurityException;
    }

    private static KeyAndChain loadOrMake(Path ca, String certFile, String keyFile, Maker maker) throws IOException {
        Path cert = ca.resolve(certFile);
        Path key = ca.resolve(keyFile);
        if (Files.exists(cert) && Files.exists(key)) {
            return new KeyAndChain(Pem.privateKey(Pem.read(key)), Pem.certificates(Pem.read(cert)));
        }
        try {
            KeyAndChain made = maker.make();
            save(ca, certFile, keyFile, made);
            return made;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make " + certFile + ": " + e.getMessage(), e);
        }
    }

    private static void save(Path ca, String certFile, String keyFile, KeyAndChain made) throws IOException {
        Path key = ca.resolve(keyFile);
        Store.writeAtomically(key, Pem.encode(made.key()).getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies
        }
        Store.writeAtomically(ca.resolve(certFile), Pem.encode(made.chain()).getBytes(StandardCharsets.UTF_8));
    }

    private static KeyAndChain loadIssuing(Path ca, Path caCert, Path caKey, SandboxSettings.CaAlgorithm algorithm)
            throws IOException {
        Path storedCert = ca.resolve(ISSUING);
        if (caCert == null) {
            return loadOrMake(ca, ISSUING, ISSUING_KEY, () -> {
                if (algorithm == SandboxSettings.CaAlgorithm.SM2) {
                    return Sm2Keys.rootAndIssuing();
                }
                KeyPair key = algorithm == SandboxSettings.CaAlgorithm.RSA ? rsaKey() : ecKey();
                return new KeyAndChain(key.getPrivate(), List.of(selfSignedCa(
                        new X500Name("CN=UKey Sandbox Issuing CA,O=UKey Sandbox,C=CN"), key, Duration.ofDays(3650))));
            });
        }
        if (caKey == null) {
            throw new IllegalArgumentException("--ca-cert needs --ca-key (the CA's private key, PEM)");
        }
        List<X509Certificate> chain = Pem.certificates(Pem.read(caCert));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(caCert + " holds no PEM certificate");
        }
        PrivateKey key = Pem.privateKey(Pem.read(caKey));
        X509Certificate certificate = chain.getFirst();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(caCert + " is not a CA certificate (basicConstraints cA is not true)");
        }
        if (!keyMatches(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException(caKey + " is not the private key of " + caCert);
        }
        Sm2Keys.requireDefaultIdChain(chain, caCert);
        if (Files.exists(storedCert)) {
            X509Certificate stored = Pem.certificate(Pem.read(storedCert));
            if (!stored.equals(certificate)) {
                throw new IllegalArgumentException(ca.getParent() + " already holds another issuing CA ("
                        + stored.getSubjectX500Principal().getName() + "); start in a new --dir");
            }
        }
        KeyAndChain imported = new KeyAndChain(key, chain);
        save(ca, ISSUING, ISSUING_KEY, imported);
        return imported;
    }

    /** Signs a test message: works for every key type the JDK knows, without comparing key encodings. */
    private static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            String algorithm = signatureAlgorithm(publicKey);
            byte[] message = "sandbox key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = signature(algorithm, publicKey);
            signer.initSign(privateKey);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = signature(algorithm, publicKey);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signature signature(String algorithm, PublicKey key) throws GeneralSecurityException {
        return Sm2Keys.isSm2(key) ? Signature.getInstance(algorithm, Sm2Keys.BC) : Signature.getInstance(algorithm);
    }

    static String signatureAlgorithm(PublicKey key) {
        if (Sm2Keys.isSm2(key)) {
            return Sm2Keys.SIGNATURE;
        }
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("CA keys must be RSA, EC or SM2, not " + key.getAlgorithm());
        };
    }

    static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static BigInteger randomSerial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    /** A self-signed CA certificate valid from a minute ago; also the throw-away CA of hostile answers. */
    static X509Certificate selfSignedCa(X500Name name, KeyPair key, Duration validity)
            throws GeneralSecurityException {
        Instant now = Instant.now().minusSeconds(60);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, randomSerial(),
                    Date.from(now), Date.from(now.plus(validity)), name, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(key.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(key.getPublic()));
            return sign(builder, key.getPrivate(), key.getPublic());
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA certificate for key, signed by issuer: the SM2 issuing CA under its root. */
    static X509Certificate subordinateCa(X500Name name, PublicKey key, X509Certificate issuer, PrivateKey issuerKey,
                                         Duration validity) throws GeneralSecurityException {
        Instant now = Instant.now().minusSeconds(60);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, randomSerial(),
                    Date.from(now), Date.from(now.plus(validity)), name, key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer));
            return sign(builder, issuerKey, issuer.getPublicKey());
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate serverCertificate(KeyAndChain root, PublicKey serverKey)
            throws GeneralSecurityException {
        X509Certificate rootCert = root.chain().getFirst();
        Instant now = Instant.now().minusSeconds(60);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(rootCert, randomSerial(),
                    Date.from(now), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=127.0.0.1,O=UKey Sandbox,C=CN"), serverKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(serverKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(rootCert));
            return sign(builder, root.key(), rootCert.getPublicKey());
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer, PublicKey signerPublic) {
        return sign(builder, signer, signerPublic, signatureAlgorithm(signerPublic));
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer, PublicKey signerPublic,
                                String algorithm) {
        try {
            JcaContentSignerBuilder signers = new JcaContentSignerBuilder(algorithm);
            if (Sm2Keys.isSm2(signerPublic)) {
                signers.setProvider(Sm2Keys.BC); // SM3withSM2 with Z over the default ID
            }
            return Pem.toX509(builder.build(signers.build(signer)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }
}
