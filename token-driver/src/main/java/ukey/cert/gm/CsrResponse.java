package ukey.cert.gm;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * GM/T 0092 CSRResponse ::= SEQUENCE { signCertificate CertificateSet, encryptedPrivateKey [0] SM2EnvelopedKey
 * OPTIONAL, encryptCertificate [1] CertificateSet OPTIONAL }: what a dual-certificate CA answers to an SM2
 * certificate request.
 *
 * <p>The standard's text leaves the tagging open. Encoded as emmansun/gmsm does: [0] EXPLICIT (the envelope's own
 * SEQUENCE inside), [1] IMPLICIT (the certificates directly inside). Parsed either way for both. The certificate sets
 * keep their order as received; nothing here checks signatures or chains: the caller validates.
 */
public final class CsrResponse {

    private final List<X509CertificateHolder> signCertificates;
    private final Sm2EnvelopedKey envelope;
    private final List<X509CertificateHolder> encryptCertificates;

    private CsrResponse(List<X509CertificateHolder> signCertificates, Sm2EnvelopedKey envelope,
                        List<X509CertificateHolder> encryptCertificates) {
        this.signCertificates = List.copyOf(signCertificates);
        this.envelope = envelope;
        this.encryptCertificates = List.copyOf(encryptCertificates);
    }

    /** A signing certificate alone (a single-certificate answer). */
    public static CsrResponse of(List<X509CertificateHolder> signCertificates) throws GmFormatException {
        return of(signCertificates, null, List.of());
    }

    /** envelope null and encryptCertificates empty, or both given. */
    public static CsrResponse of(List<X509CertificateHolder> signCertificates, Sm2EnvelopedKey envelope,
                                 List<X509CertificateHolder> encryptCertificates) throws GmFormatException {
        if (signCertificates.isEmpty()) {
            throw new GmFormatException(GmFormatError.NO_SIGNING_CERTIFICATE, "signCertificate is empty");
        }
        if ((envelope == null) != encryptCertificates.isEmpty()) {
            throw new GmFormatException(GmFormatError.INCOMPLETE_ENCRYPTION_PAIR, envelope == null
                    ? "an encryption certificate without its enveloped key"
                    : "an enveloped key without its certificate");
        }
        return new CsrResponse(signCertificates, envelope, encryptCertificates);
    }

    /** Parses the base64 (RFC 4648 §4, with or without padding, no line breaks) of the DER. */
    public static CsrResponse fromBase64(String base64) throws GmFormatException {
        try {
            return fromDer(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new GmFormatException(GmFormatError.NOT_DER, "not base64: " + e.getMessage(), e);
        }
    }

    public static CsrResponse fromDer(byte[] der) throws GmFormatException {
        if (!(Der.definite(der) instanceof ASN1Sequence sequence) || sequence.size() < 1 || sequence.size() > 3
                || !(sequence.getObjectAt(0) instanceof ASN1Set signSet)) {
            throw notResponse("not SEQUENCE { SET OF Certificate, [0] OPTIONAL, [1] OPTIONAL }");
        }
        Sm2EnvelopedKey envelope = null;
        List<X509CertificateHolder> encryptCertificates = List.of();
        int lastTag = -1;
        for (int i = 1; i < sequence.size(); i++) {
            if (!(sequence.getObjectAt(i) instanceof ASN1TaggedObject tagged)
                    || tagged.getTagClass() != BERTags.CONTEXT_SPECIFIC || tagged.getTagNo() <= lastTag
                    || tagged.getTagNo() > 1) {
                throw notResponse("element " + i + " is not [0] or [1] in order");
            }
            lastTag = tagged.getTagNo();
            try {
                if (lastTag == 0) {
                    envelope = envelope(tagged);
                } else {
                    encryptCertificates = certificates(unwrapSet(tagged), "encryptCertificate");
                }
            } catch (IllegalArgumentException | IllegalStateException primitive) {
                throw notResponse("[" + lastTag + "] is not constructed");
            }
        }
        return of(certificates(signSet, "signCertificate"), envelope, encryptCertificates);
    }

    /** [0] EXPLICIT holds one SEQUENCE (the envelope); [0] IMPLICIT holds the envelope's four fields. */
    private static Sm2EnvelopedKey envelope(ASN1TaggedObject tagged) throws GmFormatException {
        ASN1Sequence content = ASN1Sequence.getInstance(tagged, false);
        ASN1Encodable inner = content.size() == 1 ? content.getObjectAt(0) : content;
        return Sm2EnvelopedKey.fromAsn1(inner);
    }

    /** [1] IMPLICIT holds the certificates; [1] EXPLICIT holds a SET of them. */
    private static ASN1Set unwrapSet(ASN1TaggedObject tagged) {
        ASN1Set content = ASN1Set.getInstance(tagged, false);
        return content.size() == 1 && content.getObjectAt(0) instanceof ASN1Set inner ? inner : content;
    }

    private static List<X509CertificateHolder> certificates(ASN1Set set, String field) throws GmFormatException {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        for (ASN1Encodable element : set) {
            try {
                if (!(element.toASN1Primitive() instanceof ASN1Sequence)) {
                    throw new IllegalArgumentException("not a SEQUENCE");
                }
                certificates.add(new X509CertificateHolder(Certificate.getInstance(element)));
            } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
                throw new GmFormatException(GmFormatError.BAD_CERTIFICATE,
                        field + " element " + certificates.size() + " is not an X.509 certificate", e);
            }
        }
        return certificates;
    }

    private static GmFormatException notResponse(String detail) {
        return new GmFormatException(GmFormatError.NOT_A_CSR_RESPONSE, detail);
    }

    public DERSequence toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(set(signCertificates));
        if (envelope != null) {
            fields.add(new DERTaggedObject(true, 0, envelope.toAsn1()));
            fields.add(new DERTaggedObject(false, 1, set(encryptCertificates)));
        }
        return new DERSequence(fields);
    }

    public byte[] getEncoded() {
        return Der.encode(toAsn1());
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(getEncoded());
    }

    /** In the order received (a DER encoder may have sorted the SET: do not assume the leaf comes first). */
    public List<X509CertificateHolder> signCertificates() {
        return signCertificates;
    }

    /** The signing certificate for this public key (the new key of the CSR), if the answer has one. */
    public Optional<X509CertificateHolder> signCertificateFor(SubjectPublicKeyInfo key) {
        return find(signCertificates, key);
    }

    public Optional<Sm2EnvelopedKey> envelope() {
        return Optional.ofNullable(envelope);
    }

    public List<X509CertificateHolder> encryptCertificates() {
        return encryptCertificates;
    }

    /** The encryption certificate for the enveloped key pair, if the answer has one whose key is that pair's. */
    public Optional<X509CertificateHolder> encryptCertificateForEnvelope() {
        return envelope == null ? Optional.empty() : find(encryptCertificates, envelope.publicKeyInfo());
    }

    private static Optional<X509CertificateHolder> find(List<X509CertificateHolder> certificates,
                                                        SubjectPublicKeyInfo key) {
        return certificates.stream().filter(c -> Sm2.sameKey(c.getSubjectPublicKeyInfo(), key)).findFirst();
    }

    private static DERSet set(List<X509CertificateHolder> certificates) {
        return new DERSet(certificates.stream().map(X509CertificateHolder::toASN1Structure)
                .toArray(ASN1Encodable[]::new));
    }
}
