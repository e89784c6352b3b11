package ukey.app.renewal.cmp;

import static ukey.app.renewal.cmp.CmpAnswers.progress;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.asn1.cmp.PollRepContent;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.GeneralPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import ukey.app.net.HttpClients;
import ukey.app.renewal.CaConnector;
import ukey.app.renewal.CaException;
import ukey.app.renewal.CaProgress;
import ukey.app.renewal.ConnectorState;
import ukey.app.renewal.RenewalOffer;
import ukey.app.renewal.RenewalRequest;
import ukey.app.renewal.cmp.CmpAnswers.Answer;

/**
 * Renews over CMP: certificate key update (kur) of RFC 4210 in the lightweight profile of RFC 9483, over HTTP or
 * HTTPS (RFC 6712; TLS trusts the configured TLS roots only). One transaction: kur → kup (or "waiting", then
 * pollReq → pollRep ... → kup) → certConf → pkiConf, with no certConf when the CA granted implicit confirmation.
 * Every message is signed by the current key on the token; every answer must be signed by the CA (see
 * {@link CmpSigners}) and echo this transaction and the last nonce sent, else it is refused.
 *
 * <p>Crash safety: the transaction ID, the nonces and the exact DER of the kur are in the {@link ConnectorState},
 * saved before the kur is sent; a resumed renewal resends those very bytes, and after a "waiting" answer it polls
 * instead (OpenSSL's mock server refuses a second kur while the first one waits). The issued certificate is
 * kept in the state once received, and the certConf is saved before it is sent and resent as it was.
 *
 * <p>Chosen with {@code ukey renew --connector cmp --ca-url http://HOST:PORT/PATH --ca-trust PEM} (see
 * {@code ukey.app.renewal.usecase.CaEndpoint}). One HTTP/1.1 connection is kept for the transaction, as OpenSSL's
 * client does: OpenSSL 3.0's mock server serves one kept-alive connection at a time and forgets the transaction
 * when it closes; a CA that keeps its transactions (RFC 4210) answers a resumed poll or certConf on a new one.
 */
public final class CmpConnector implements CaConnector {

    private static final Logger LOG = LoggerFactory.getLogger(CmpConnector.class);
    private static final MediaType CONTENT_TYPE = MediaType.get("application/pkixcmp");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    // The connector's keys in the renewal journal.
    static final String PHASE = "cmp.phase";
    static final String TRANSACTION_ID = "cmp.transactionId";
    /** The kur's DER, base64: what a resume resends byte for byte. */
    static final String REQUEST = "cmp.request";
    /** The senderNonce of the last message sent: the answer must carry it as recipNonce. */
    static final String SENDER_NONCE = "cmp.senderNonce";
    /** The CA's last senderNonce: the next message carries it as recipNonce. */
    static final String RECIP_NONCE = "cmp.recipNonce";
    static final String CERTIFICATE = "cmp.certificate";
    static final String CHAIN = "cmp.chain";
    static final String IMPLICIT_CONFIRM = "cmp.implicitConfirm";
    static final String CERT_CONF = "cmp.certConf";
    static final String CERT_CONF_ACCEPTED = "cmp.certConfAccepted";

    /** How far the transaction got; absent until the kur is built. */
    enum Phase { SENT, WAITING, ISSUED, CONFIRMING, CONFIRMED }

    private final URI endpoint;
    private final CmpTrust trust;
    private final boolean sameKeyAllowed;
    private final boolean implicitConfirm;
    private final OkHttpClient http;

    /**
     * @param endpoint        the CA's CMP URL, e.g. http://ca.example:8080/pkix/
     * @param trust           the CA certificates that sign (or issued the certificate that signs) the CA's answers
     * @param sameKeyAllowed  the CA accepts the current key again (same-key update)
     * @param implicitConfirm ask the CA to skip certConf; off by default because a certificate that our checks
     *                        refuse can then no longer be rejected at the CA
     */
    public CmpConnector(URI endpoint, List<X509CertificateHolder> trust, boolean sameKeyAllowed,
                        boolean implicitConfirm) {
        this(endpoint, trust, CmpSigners.of(trust), sameKeyAllowed, implicitConfirm);
    }

    /**
     * @param tlsRoots an https server's TLS roots (ca.tlsTrust, else ca.trust), as for the API; never the JDK's
     * @param signers  who may sign the CA's answers: the issuing CA's roots, or a pinned signer
     */
    public CmpConnector(URI endpoint, List<X509CertificateHolder> tlsRoots, CmpSigners signers,
                        boolean sameKeyAllowed, boolean implicitConfirm) {
        this.endpoint = checkedEndpoint(endpoint, tlsRoots);
        this.trust = new CmpTrust(signers);
        this.sameKeyAllowed = sameKeyAllowed;
        this.implicitConfirm = implicitConfirm;
        this.http = HttpClients.forCa(this.endpoint, tlsRoots, TIMEOUT);
    }

    private static URI checkedEndpoint(URI endpoint, List<X509CertificateHolder> tlsRoots) {
        if (endpoint.getHost() == null || !List.of("http", "https").contains(endpoint.getScheme())) {
            throw new IllegalArgumentException("expected http://HOST:PORT/PATH, got " + endpoint);
        }
        if (endpoint.getScheme().equals("https") && tlsRoots.isEmpty()) {
            throw new IllegalArgumentException("no TLS roots for " + endpoint); // none would mean the JDK's
        }
        return endpoint;
    }

    /**
     * CMP has no query for a renewal window, an order or the CA's key policy: the CA judges the kur itself and a
     * refusal comes as its answer. So the offer is always renewable; same-key as configured.
     */
    @Override
    public RenewalOffer offer(X509CertificateHolder current) {
        return new RenewalOffer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                sameKeyAllowed, List.of(), false, Optional.empty());
    }

    @Override
    public CaProgress submit(RenewalRequest request, ConnectorState state) throws CaException {
        Optional<Phase> phase = phase(state);
        if (phase.isPresent() && phase.get() != Phase.SENT) {
            return phase.get() == Phase.WAITING ? poll(request, state) : CaProgress.of(CaProgress.Status.ISSUED);
        }
        if (phase.isEmpty()) {
            byte[] transactionId = random();
            byte[] nonce = random();
            byte[] kur = CmpMessages.keyUpdateRequest(request, transactionId, nonce, implicitConfirm);
            state.put(TRANSACTION_ID, hex(transactionId));
            state.put(SENDER_NONCE, hex(nonce));
            state.put(REQUEST, Base64.getEncoder().encodeToString(kur));
            state.put(PHASE, Phase.SENT.name());
            state.save();
            LOG.info("CMP kur to {}, transaction {}", endpoint, hex(transactionId));
        } else {
            LOG.info("CMP kur resent to {}, transaction {}", endpoint, state.get(TRANSACTION_ID).orElse("?"));
        }
        byte[] kur = Base64.getDecoder().decode(required(state, REQUEST));
        return progress(state, exchange(request, state, kur,
                answer -> CmpAnswers.certificateAnswer(answer, implicitConfirm)));
    }

    @Override
    public CaProgress poll(RenewalRequest request, ConnectorState state) throws CaException {
        Phase phase = phase(state).orElseThrow(() -> CaException.badResponse("nothing was sent to poll for", null));
        switch (phase) {
            case SENT -> {
                return submit(request, state); // the kur never got an answer: send it again
            }
            case WAITING -> {
                byte[] nonce = random();
                byte[] pollReq = CmpMessages.pollRequest(request, transactionId(state), nonce,
                        bytes(state, RECIP_NONCE));
                state.put(SENDER_NONCE, hex(nonce));
                return progress(state, exchange(request, state, pollReq, answer -> {
                    if (answer.getBody().getType() != PKIBody.TYPE_POLL_REP) {
                        return CmpAnswers.certificateAnswer(answer, implicitConfirm);
                    }
                    PollRepContent pollRep = PollRepContent.getInstance(answer.getBody().getContent());
                    long seconds = pollRep.getCheckAfter(0).longValueExact();
                    return new Answer.Waiting(Duration.ofSeconds(Math.max(0, seconds)));
                }));
            }
            default -> {
                return CaProgress.of(CaProgress.Status.ISSUED);
            }
        }
    }

    /** CMP has no challenge of its own: the CA never asks for one, so the engine never calls this. */
    @Override
    public CaProgress answerChallenge(RenewalRequest request, ConnectorState state, String challengeId, String code)
            throws CaException {
        throw noChallenge();
    }

    @Override
    public CaProgress resendChallenge(RenewalRequest request, ConnectorState state, String challengeId)
            throws CaException {
        throw noChallenge();
    }

    private static CaException noChallenge() {
        return new CaException("cmp_no_challenge", "CMP key update has no challenge (SMS code) to answer");
    }

    @Override
    public IssuedCertificate certificate(RenewalRequest request, ConnectorState state) throws CaException {
        X509CertificateHolder certificate = decodeCertificate(state.get(CERTIFICATE).orElseThrow(() ->
                CaException.badResponse("the CA has not issued a certificate in this transaction", null)));
        List<X509CertificateHolder> chain = new ArrayList<>();
        for (String der : state.get(CHAIN).orElse("").split(",")) {
            if (!der.isEmpty()) {
                chain.add(decodeCertificate(der));
            }
        }
        return new IssuedCertificate(certificate, chain);
    }

    @Override
    public void confirm(RenewalRequest request, ConnectorState state, X509CertificateHolder issued, boolean accepted,
                        String reason) throws CaException {
        if (Boolean.parseBoolean(state.get(IMPLICIT_CONFIRM).orElse("false"))) {
            if (accepted) {
                return; // the CA took the certificate as confirmed when it issued it
            }
            throw new CaException("cmp_implicitly_confirmed", "the CA confirmed the certificate implicitly when it"
                    + " issued it and cannot be told that it was refused; ask the CA to revoke it");
        }
        Optional<Phase> phase = phase(state);
        boolean sameDecision = state.get(CERT_CONF_ACCEPTED).map(Boolean::parseBoolean).equals(Optional.of(accepted));
        if (phase.equals(Optional.of(Phase.CONFIRMED)) && sameDecision) {
            return;
        }
        byte[] certConf;
        if (phase.equals(Optional.of(Phase.CONFIRMING)) && sameDecision) {
            certConf = Base64.getDecoder().decode(required(state, CERT_CONF)); // as first sent
        } else {
            byte[] nonce = random();
            certConf = CmpMessages.certificateConfirmation(request, transactionId(state), nonce,
                    bytes(state, RECIP_NONCE), issued, accepted, reason);
            state.put(SENDER_NONCE, hex(nonce));
            state.put(CERT_CONF, Base64.getEncoder().encodeToString(certConf));
            state.put(CERT_CONF_ACCEPTED, Boolean.toString(accepted));
            state.put(PHASE, Phase.CONFIRMING.name());
            state.save();
        }
        LOG.info("CMP certConf ({}) to {}", accepted ? "accepted" : "rejected: " + reason, endpoint);
        Answer answer = exchange(request, state, certConf, message -> switch (message.getBody().getType()) {
            case PKIBody.TYPE_CONFIRM -> new Answer.Confirmed();
            case PKIBody.TYPE_ERROR -> CmpAnswers.errorAnswer(message);
            default -> throw CaException.badResponse("expected pkiConf, got CMP body type "
                    + message.getBody().getType(), null);
        });
        if (answer instanceof Answer.Rejected rejected) {
            throw rejected.rejection();
        }
        state.put(PHASE, Phase.CONFIRMED.name());
        state.save();
    }

    /**
     * CMP can refuse an issued certificate (certConf with a rejection, RFC 4210 5.3.18) but has no way to withdraw
     * a request the CA has not answered yet.
     */
    @Override
    public boolean abandon(RenewalRequest request, ConnectorState state) throws CaException {
        Optional<Phase> phase = phase(state);
        if (phase.isEmpty() || phase.get() == Phase.SENT || phase.get() == Phase.WAITING
                || Boolean.parseBoolean(state.get(IMPLICIT_CONFIRM).orElse("false"))) {
            return false;
        }
        confirm(request, state, certificate(request, state).certificate(), false, "abandoned by the holder");
        return true;
    }

    /** CMP has no electronic seals. */
    @Override
    public List<String> extendSeals(RenewalRequest request, ConnectorState state, X509CertificateHolder issued) {
        return List.of();
    }

    /** Closes the connection to the CA. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // --- the wire ---

    /** What a call makes of an answer that passed the checks. */
    private interface Reading {
        Answer read(ProtectedPKIMessage answer) throws CaException;
    }

    /**
     * Sends one message and reads the answer once it is proven to come from the CA (signature and trust), to
     * belong to this transaction and to answer the message just sent (recipNonce); then keeps the CA's nonce.
     * An answer that BouncyCastle cannot read is "bad_response", never an unchecked exception.
     */
    private Answer exchange(RenewalRequest request, ConnectorState state, byte[] message, Reading reading)
            throws CaException {
        byte[] received = post(message);
        Answer answer;
        ASN1OctetString caNonce;
        try {
            GeneralPKIMessage general = new GeneralPKIMessage(received);
            if (!general.hasProtection()) {
                throw CmpTrust.untrusted("the CA's answer is not protected");
            }
            ProtectedPKIMessage protectedAnswer = new ProtectedPKIMessage(general);
            trust.check(protectedAnswer, request.current(), Instant.now());
            PKIHeader header = protectedAnswer.getHeader();
            if (!Arrays.equals(octets(header.getTransactionID()), transactionId(state))) {
                throw CaException.badResponse("the answer belongs to another transaction", null);
            }
            if (!Arrays.equals(octets(header.getRecipNonce()), bytes(state, SENDER_NONCE))) {
                throw CaException.badResponse("the answer does not echo the nonce just sent (replayed or misdirected)",
                        null);
            }
            caNonce = header.getSenderNonce();
            answer = reading.read(protectedAnswer);
        } catch (IOException | RuntimeException e) {
            throw CaException.badResponse("the CA's answer cannot be read as CMP: " + e.getMessage(), e);
        }
        if (caNonce != null) {
            state.put(RECIP_NONCE, hex(caNonce.getOctets()));
        }
        return answer;
    }

    private byte[] post(byte[] message) throws CaException {
        Request request = new Request.Builder().url(endpoint.toString())
                .post(RequestBody.create(message, CONTENT_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            int code = response.code();
            if (code != 200) {
                // RFC 6712: CMP answers, errors included, come with 200; anything else is the HTTP layer failing
                throw new CaException(code >= 500 ? "network" : "bad_response", code >= 500, null, null,
                        "HTTP " + code + " from " + endpoint, null);
            }
            return HttpClients.body(response, HttpClients.MAX_ANSWER_BYTES);
        } catch (HttpClients.AnswerTooLarge e) {
            throw CaException.badResponse(e.getMessage(), e);
        } catch (SSLException e) {
            throw CaException.untrustedTls("the CMP server's TLS certificate is not trusted: " + e.getMessage(), e);
        } catch (IOException e) {
            throw CaException.network("cannot reach the CMP server " + endpoint + ": " + e.getMessage(), e);
        }
    }

    // --- state helpers ---

    private static Optional<Phase> phase(ConnectorState state) {
        return state.get(PHASE).map(Phase::valueOf);
    }

    private static byte[] transactionId(ConnectorState state) throws CaException {
        return bytes(state, TRANSACTION_ID);
    }

    private static byte[] bytes(ConnectorState state, String key) throws CaException {
        return HexFormat.of().parseHex(required(state, key));
    }

    private static String required(ConnectorState state, String key) throws CaException {
        return state.get(key).orElseThrow(() -> new CaException("journal", false, null, null,
                "the renewal journal lacks " + key, null));
    }

    private static X509CertificateHolder decodeCertificate(String base64) throws CaException {
        try {
            return new X509CertificateHolder(Base64.getDecoder().decode(base64));
        } catch (IOException | RuntimeException e) {
            throw CaException.badResponse("a certificate from the CA does not parse", e);
        }
    }

    static String base64(ASN1Object object) throws CaException {
        try {
            return Base64.getEncoder().encodeToString(object.getEncoded());
        } catch (IOException e) {
            throw CaException.badResponse("a certificate from the CA cannot be encoded", e);
        }
    }

    private static byte[] octets(ASN1OctetString value) {
        return value == null ? null : value.getOctets();
    }

    private static byte[] random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
