package ukey.sandbox;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

import ukey.cert.gm.GmFormatException;
import ukey.cert.gm.Sm2Verifiers;

/**
 * Checks the X-UKey-Signature header: base64 of a DER CMS SignedData, detached (no content inside), over the exact
 * request body bytes, with exactly one signer, digest SHA-256 (RSA, EC keys) or SM3 (SM2 keys, signed SM3withSM2 with Z
 * over the default ID), and the signer's certificate included. Signed
 * attributes may be present (then their messageDigest must match) or absent. The signer certificate's validity
 * dates are not checked here: repairs are signed with expired certificates; callers decide which certificate
 * they accept.
 */
final class RequestSignature {

    static final String HEADER = "X-UKey-Signature";

    private RequestSignature() {
    }

    /** Returns the certificate whose key made the signature. */
    static X509Certificate verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw bad("the request has no " + HEADER + " header");
        }
        ContentInfo contentInfo;
        try {
            contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(Base64.getDecoder().decode(header.trim())));
        } catch (IllegalArgumentException | IOException | IllegalStateException e) {
            throw bad(HEADER + " is not base64 of a DER CMS structure: " + e.getMessage());
        }
        if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
            throw bad(HEADER + " is a CMS " + contentInfo.getContentType() + ", not SignedData");
        }
        if (SignedData.getInstance(contentInfo.getContent()).getEncapContentInfo().getContent() != null) {
            throw bad(HEADER + " must be a detached signature: the SignedData carries content");
        }
        try {
            CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(body), contentInfo);
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw bad(HEADER + " must have exactly one signer, not " + signers.size());
            }
            SignerInformation signer = signers.iterator().next();
            String digest = signer.getDigestAlgOID();
            if (!Certs.SHA256.getId().equals(digest) && !GMObjectIdentifiers.sm3.getId().equals(digest)) {
                throw unsupportedDigest(digest, "SHA-256 (RSA, EC) or SM3 (SM2)");
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
            if (matches.isEmpty()) {
                throw bad(HEADER + " does not include the signer's certificate");
            }
            X509CertificateHolder holder = matches.iterator().next();
            boolean sm2 = Sm2Keys.isSm2(holder.getSubjectPublicKeyInfo());
            if (sm2 != GMObjectIdentifiers.sm3.getId().equals(digest)) {
                throw unsupportedDigest(digest, sm2 ? "SM3" : "SHA-256");
            }
            if (!signer.verify(sm2 ? sm2Verifier(holder) : new JcaSimpleSignerInfoVerifierBuilder()
                    .build(Pem.toX509(holder).getPublicKey()))) {
                throw bad(HEADER + " does not verify over the request body");
            }
            return Pem.toX509(holder);
        } catch (CMSException | OperatorCreationException | GmFormatException | IllegalArgumentException e) {
            throw bad(HEADER + " does not verify over the request body: " + e.getMessage());
        }
    }

    /** SM3withSM2 with Z over the default ID, the algorithm with or without NULL parameters; SM3 digests. */
    private static SignerInformationVerifier sm2Verifier(X509CertificateHolder certificate) throws GmFormatException {
        return new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
                new DefaultSignatureAlgorithmIdentifierFinder(),
                Sm2Verifiers.provider(certificate.getSubjectPublicKeyInfo()), new BcDigestCalculatorProvider());
    }

    private static Problem unsupportedDigest(String digest, String supported) {
        return Problem.of(ProblemCode.UNSUPPORTED_ALGORITHM, HEADER + " uses digest " + digest + "; it must be "
                + supported).with("algorithm", digest).with("supported", supported);
    }

    static Problem bad(String detail) {
        return Problem.of(ProblemCode.BAD_SIGNATURE, detail);
    }
}
