package ukey.app.renewal.cmp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.cmp.CMPCertificate;
import org.bouncycastle.asn1.cmp.CMPObjectIdentifiers;
import org.bouncycastle.asn1.cmp.CertRepMessage;
import org.bouncycastle.asn1.cmp.CertResponse;
import org.bouncycastle.asn1.cmp.CertifiedKeyPair;
import org.bouncycastle.asn1.cmp.ErrorMsgContent;
import org.bouncycastle.asn1.cmp.InfoTypeAndValue;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.ConnectorState;

/**
 * What the CA's CMP answers say (kup, ip, pollRep, error, pkiConf), read before anything is stored, and how each
 * moves the transaction on in the journal.
 */
final class CmpAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(CmpAnswers.class);

    private CmpAnswers() {
    }

    /** What an answer of the CA says, read before anything is stored. */
    sealed interface Answer {
        record Issued(String certificate, List<String> chain, boolean implicitConfirm) implements Answer {
        }

        record Waiting(Duration checkAfter) implements Answer {
        }

        record Rejected(CmpRejection rejection) implements Answer {
        }

        record Confirmed() implements Answer {
        }
    }

    /** Keeps what the CA said in the journal and tells the engine where the renewal stands. */
    static CaProgress progress(ConnectorState state, Answer answer) throws CaException {
        switch (answer) {
            case Answer.Issued issued -> {
                state.put(CmpConnector.CERTIFICATE, issued.certificate());
                state.put(CmpConnector.CHAIN, String.join(",", issued.chain()));
                state.put(CmpConnector.IMPLICIT_CONFIRM, Boolean.toString(issued.implicitConfirm()));
                state.put(CmpConnector.PHASE, CmpConnector.Phase.ISSUED.name());
                state.save();
                LOG.info("CMP: certificate issued{}", issued.implicitConfirm() ? ", implicitly confirmed" : "");
                return CaProgress.of(CaProgress.Status.ISSUED);
            }
            case Answer.Waiting waiting -> {
                state.put(CmpConnector.PHASE, CmpConnector.Phase.WAITING.name()); // from now on a resume polls instead of resending the kur
                state.save();
                LOG.info("CMP: waiting, check again after {} s", waiting.checkAfter().toSeconds());
                return new CaProgress(CaProgress.Status.PROCESSING, waiting.checkAfter(), Optional.empty(),
                        Optional.empty());
            }
            case Answer.Rejected rejected -> {
                LOG.info("CMP: rejected: {}", rejected.rejection().getMessage());
                return new CaProgress(CaProgress.Status.REJECTED, Duration.ZERO, Optional.empty(),
                        Optional.of(rejected.rejection()));
            }
            case Answer.Confirmed confirmed -> throw CaException.badResponse("a pkiConf instead of a certificate",
                    null);
        }
    }

    /** kup (or ip), or an error message: issued, waiting ("poll at once"), or rejected. */
    static Answer certificateAnswer(ProtectedPKIMessage answer, boolean implicitConfirm) throws CaException {
        PKIBody body = answer.getBody();
        if (body.getType() == PKIBody.TYPE_ERROR) {
            return errorAnswer(answer);
        }
        if (body.getType() != PKIBody.TYPE_KEY_UPDATE_REP && body.getType() != PKIBody.TYPE_INIT_REP) {
            throw CaException.badResponse("expected kup, got CMP body type " + body.getType(), null);
        }
        CertRepMessage certRep = CertRepMessage.getInstance(body.getContent());
        CertResponse[] responses = certRep.getResponse();
        if (responses.length != 1 || !CmpMessages.CERT_REQ_ID.equals(responses[0].getCertReqId().getValue())) {
            throw CaException.badResponse("the kup does not answer certReqId 0 alone", null);
        }
        PKIStatusInfo status = responses[0].getStatus();
        switch (status.getStatus().intValue()) {
            case PKIStatus.WAITING -> {
                return new Answer.Waiting(Duration.ZERO);
            }
            case PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS -> {
                // issued: below
            }
            default -> {
                return new Answer.Rejected(CmpRejection.of("cmp_rejected", status));
            }
        }
        CertifiedKeyPair certified = responses[0].getCertifiedKeyPair();
        CMPCertificate issued = certified == null ? null : certified.getCertOrEncCert().getCertificate();
        if (issued == null || !issued.isX509v3PKCert()) {
            throw CaException.badResponse("the kup grants the request but holds no plain X.509 certificate", null);
        }
        List<String> chain = new ArrayList<>();
        for (CMPCertificate caPub : certRep.getCaPubs() == null ? new CMPCertificate[0] : certRep.getCaPubs()) {
            if (caPub.isX509v3PKCert()) {
                chain.add(CmpConnector.base64(caPub));
            }
        }
        for (X509CertificateHolder extra : answer.getCertificates()) {
            chain.add(CmpConnector.base64(extra.toASN1Structure()));
        }
        return new Answer.Issued(CmpConnector.base64(issued.getX509v3PKCert()), chain.stream().distinct().toList(),
                implicitConfirm && grantsImplicitConfirm(answer.getHeader()));
    }

    static Answer errorAnswer(ProtectedPKIMessage answer) {
        return new Answer.Rejected(CmpRejection.of("cmp_error",
                ErrorMsgContent.getInstance(answer.getBody().getContent()).getPKIStatusInfo()));
    }

    private static boolean grantsImplicitConfirm(PKIHeader header) {
        InfoTypeAndValue[] infos = header.getGeneralInfo();
        return infos != null && Arrays.stream(infos)
                .anyMatch(info -> CMPObjectIdentifiers.it_implicitConfirm.equals(info.getInfoType()));
    }
}
