package ukey.cert;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/** A parsed X.509 certificate (RSA, EC or SM2), parsed with BouncyCastle. STUB: signatures only. */
public final class CertificateInfo {

    private CertificateInfo() {
    }

    public static CertificateInfo parse(byte[] der) throws CertificateParseException {
        throw new UnsupportedOperationException("stub");
    }

    public X509CertificateHolder holder() { throw new UnsupportedOperationException("stub"); }
    public byte[] encoded() { throw new UnsupportedOperationException("stub"); }
    public String owner() { throw new UnsupportedOperationException("stub"); }
    public String subject() { throw new UnsupportedOperationException("stub"); }
    public String issuer() { throw new UnsupportedOperationException("stub"); }
    public X500Name subjectName() { throw new UnsupportedOperationException("stub"); }
    public X500Name issuerName() { throw new UnsupportedOperationException("stub"); }
    public BigInteger serial() { throw new UnsupportedOperationException("stub"); }
    public String serialHex() { throw new UnsupportedOperationException("stub"); }
    public Instant notBefore() { throw new UnsupportedOperationException("stub"); }
    public Instant notAfter() { throw new UnsupportedOperationException("stub"); }
    public CertificateStatus status(Instant now, int renewalWindowDays) { throw new UnsupportedOperationException("stub"); }
    public long daysLeft(Instant now) { throw new UnsupportedOperationException("stub"); }
    public String keyAlgorithm() { throw new UnsupportedOperationException("stub"); }
    public String signatureAlgorithm() { throw new UnsupportedOperationException("stub"); }
    public SubjectPublicKeyInfo publicKey() { throw new UnsupportedOperationException("stub"); }
    public String sha256() { throw new UnsupportedOperationException("stub"); }
    public String sha1() { throw new UnsupportedOperationException("stub"); }
    public List<String> keyUsage() { throw new UnsupportedOperationException("stub"); }
    public List<String> extendedKeyUsage() { throw new UnsupportedOperationException("stub"); }
    public boolean canDecrypt() { throw new UnsupportedOperationException("stub"); }
}
