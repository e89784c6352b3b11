package ukey.app.renewal.cmp;

import java.io.OutputStream;
import java.math.BigInteger;
import java.util.Date;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.CertConfirmContent;
import org.bouncycastle.asn1.cmp.CertStatus;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cmp.PollReqContent;
import org.bouncycastle.asn1.crmf.CRMFObjectIdentifiers;
import org.bouncycastle.asn1.crmf.CertReqMessages;
import org.bouncycastle.asn1.crmf.CertId;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessageBuilder;
import org.bouncycastle.cert.crmf.CertificateRequestMessage;
import org.bouncycastle.cert.crmf.CertificateRequestMessageBuilder;
import org.bouncycastle.cert.crmf.Control;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

import ukey.app.renewal.CaException;
import ukey.app.renewal.RenewalRequest;

/**
 * Builds the client's CMP messages of a key update (RFC 4210, profile RFC 9483). Every message of the transaction
 * is signed by the current key on the token, names the current certificate's subject as sender and its subject
 * key identifier as senderKID, and carries the current certificate in extraCerts, so the CA recognises the
 * holder whatever the message.
 */
final class CmpMessages {

    /** One certificate is requested per transaction; its certReqId (RFC 9483: 0). */
    static final BigInteger CERT_REQ_ID = BigInteger.ZERO;

    private CmpMessages() {
    }

    /**
     * kur: the new public key for the current subject, the id-regCtrl-oldCertID control naming the certificate
     * to replace, proof of possession signed by the new key.
     */
    static byte[] keyUpdateRequest(RenewalRequest request, byte[] transactionId, byte[] senderNonce,
                                   boolean implicitConfirm) throws CaException {
        X509CertificateHolder current = request.current();
        try {
            CertificateRequestMessage message = new CertificateRequestMessageBuilder(CERT_REQ_ID)
                    .setSubject(current.getSubject())
                    .setPublicKey(request.newPublicKey())
                    .addControl(new OldCertId(new CertId(new GeneralName(current.getIssuer()),
                            current.getSerialNumber())))
                    .setProofOfPossessionSigningKeySigner(request.newKey())
                    .build();
            ProtectedPKIMessageBuilder builder = header(request, transactionId, senderNonce, null)
                    .setBody(new PKIBody(PKIBody.TYPE_KEY_UPDATE_REQ,
                            new CertReqMessages(message.toASN1Structure())));
            if (implicitConfirm) {
                builder.addGeneralInfo(new InfoTypeAndValue(CMPObjectIdentifiers.it_implicitConfirm, DERNull.INSTANCE));
            }
            return builder.build(request.currentKey()).toASN1Structure().getEncoded();
        } catch (Exception e) {
            throw failed("the key update request", e);
        }
    }

    /** pollReq: asks again for the certificate of a request the CA answered with "waiting". */
    static byte[] pollRequest(RenewalRequest request, byte[] transactionId, byte[] senderNonce, byte[] recipNonce)
            throws CaException {
        try {
            return header(request, transactionId, senderNonce, recipNonce)
                    .setBody(new PKIBody(PKIBody.TYPE_POLL_REQ, new PollReqContent(CERT_REQ_ID)))
                    .build(request.currentKey()).toASN1Structure().getEncoded();
        } catch (Exception e) {
            throw failed("the poll request", e);
        }
    }

    /**
     * certConf: the hash of the certificate the CA issued, accepted, or rejected with the reason. Signed by the
     * current key like the rest of the transaction: a refused certificate may not even be for the new key.
     */
    static byte[] certificateConfirmation(RenewalRequest request, byte[] transactionId, byte[] senderNonce,
                                          byte[] recipNonce, X509CertificateHolder issued, boolean accepted,
                                          String reason) throws CaException {
        try {
            byte[] hash = certificateHash(issued);
            CertStatus status = accepted ? new CertStatus(hash, CERT_REQ_ID)
                    : new CertStatus(hash, CERT_REQ_ID, new PKIStatusInfo(PKIStatus.rejection,
                    new PKIFreeText(reason == null ? "refused by the client" : reason)));
            return header(request, transactionId, senderNonce, recipNonce)
                    .setBody(new PKIBody(PKIBody.TYPE_CERT_CONFIRM,
                            CertConfirmContent.getInstance(new DERSequence(status))))
                    .build(request.currentKey()).toASN1Structure().getEncoded();
        } catch (CaException e) {
            throw e;
        } catch (Exception e) {
            throw failed("the certificate confirmation", e);
        }
    }

    /** RFC 4210 5.3.18: the hash with the algorithm of the certificate's own signature (SHA-256, SM3, ...). */
    private static byte[] certificateHash(X509CertificateHolder issued) throws Exception {
        AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(issued.getSignatureAlgorithm());
        if (digest == null) {
            throw CaException.badResponse("cannot confirm a certificate signed with "
                    + issued.getSignatureAlgorithm().getAlgorithm(), null);
        }
        DigestCalculator calculator = new BcDigestCalculatorProvider().get(digest);
        try (OutputStream out = calculator.getOutputStream()) {
            out.write(issued.getEncoded());
        }
        return calculator.getDigest();
    }

    private static ProtectedPKIMessageBuilder header(RenewalRequest request, byte[] transactionId,
                                                     byte[] senderNonce, byte[] recipNonce) {
        X509CertificateHolder current = request.current();
        // the CA is named by the current certificate's issuer (RFC 9483 3.1: recipient)
        ProtectedPKIMessageBuilder builder = new ProtectedPKIMessageBuilder(new GeneralName(current.getSubject()),
                new GeneralName(current.getIssuer()))
                .setMessageTime(new Date())
                .setTransactionID(transactionId)
                .setSenderNonce(senderNonce)
                .addCMPCertificate(current);
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(current.getExtensions());
        if (ski != null) {
            builder.setSenderKID(ski.getKeyIdentifier());
        }
        if (recipNonce != null) {
            builder.setRecipNonce(recipNonce);
        }
        return builder;
    }

    /** Signing on the token failed (a pulled key shows here, the TokenException in the causes): as ApiConnector. */
    private static CaException failed(String what, Exception e) {
        return new CaException("signing_failed", false, null, null, "cannot sign " + what + " on the key: "
                + e.getMessage(), e);
    }

    /** The id-regCtrl-oldCertID control (RFC 4211 6.5): which certificate the new one replaces. */
    private record OldCertId(CertId certId) implements Control {
        @Override
        public ASN1ObjectIdentifier getType() {
            return CRMFObjectIdentifiers.id_regCtrl_oldCertID;
        }

        @Override
        public ASN1Encodable getValue() {
            return certId;
        }
    }
}
