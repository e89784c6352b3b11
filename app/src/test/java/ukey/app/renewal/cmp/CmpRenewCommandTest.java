package ukey.app.renewal.cmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.cli.ExitCodes;
import ukey.app.cli.HaltAfterStepMain;
import ukey.app.cli.UkeyProcess;
import ukey.app.renewal.RenewalStep;
import ukey.app.renewal.api.Pem;
import ukey.token.ObjectKind;
import ukey.token.ObjectSession;
import ukey.token.TokenCertificate;
import ukey.token.TokenObject;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftHsm;

/**
 * {@code ukey renew --connector cmp --ca-url URL --ca-trust PEM [--same-key]} as whole processes (the names
 * scripts depend on), against OpenSSL's CMP mock server, on SoftHSM tokens.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class CmpRenewCommandTest {

    @TempDir
    Path directory;

    private CmpTestPki pki;
    private CmpTestPki.UserToken user;
    private OpenSslCmpServer server;

    @BeforeEach
    void prepare() throws Exception {
        pki = CmpTestPki.create(directory, "UKey CMP Test CA");
        user = pki.userToken();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The first process is killed right after it made the new key pair on the token (nothing sent yet); the mock
     * is then given a certificate for that key, and {@code --resume} finishes the renewal.
     */
    @Test
    void renewsWithANewKeyAcrossAKilledProcess() throws Exception {
        UkeyProcess.Result killed = ukey(RenewalStep.SUBMITTED, "http://127.0.0.1:9/pkix/", pki.caPem());
        assertEquals(HaltAfterStepMain.KILLED, killed.exit(), killed.toString());
        SubjectPublicKeyInfo newKey = keyMadeByTheFirstProcess();
        Path response = pki.response("rsp.crt", newKey, user.certificate());
        server = OpenSslCmpServer.start(directory, response);

        UkeyProcess.Result resumed = ukey(server.url().toString(), "--resume");

        assertEquals(ExitCodes.OK, resumed.exit(), resumed.toString());
        assertEquals(List.of("KUR", "CERTCONF"), server.received());
        SoftHsm.get().provider().rescan();
        List<TokenCertificate> certificates = user.token().certificates();
        assertEquals(1, certificates.size());
        assertArrayEquals(Pem.readFile(response).getFirst().getEncoded(), certificates.getFirst().value());
    }

    @Test
    void showsTheCasRejectionWithItsWordsAndFailInfo() throws Exception {
        server = OpenSslCmpServer.start(directory, pki.response("rsp.crt",
                user.certificate().getSubjectPublicKeyInfo(), user.certificate()),
                "-pkistatus", "2", "-failure", "19", "-statusstring", "same key not allowed here");

        UkeyProcess.Result refused = ukey(server.url().toString(), "--same-key");

        String output = refused.output();
        assertEquals(ExitCodes.RENEWAL_REFUSED, refused.exit(), output);
        assertTrue(output.contains("same key not allowed here"), output);
        assertTrue(output.contains("badCertTemplate"), output);
        SoftHsm.get().provider().rescan();
        assertArrayEquals(user.certificate().getEncoded(), user.token().certificates().getFirst().value());
    }

    @Test
    void refusesAnAnswerNotSignedByTheTrustedCa() throws Exception {
        server = OpenSslCmpServer.start(directory, pki.response("rsp.crt",
                user.certificate().getSubjectPublicKeyInfo(), user.certificate()));
        Path otherCa = Files.createDirectory(directory.resolve("other"));
        CmpTestPki other = CmpTestPki.create(otherCa, "Another CA");

        UkeyProcess.Result refused = ukey(null, server.url().toString(), other.caPem(), "--same-key");

        String output = refused.output();
        assertEquals(ExitCodes.RENEWAL_INTERRUPTED, refused.exit(), output); // resumable once trust is fixed
        assertTrue(output.contains("CA 回复的签名不受信任"), output);
        SoftHsm.get().provider().rescan();
        assertArrayEquals(user.certificate().getEncoded(), user.token().certificates().getFirst().value());
    }

    private SubjectPublicKeyInfo keyMadeByTheFirstProcess() throws Exception {
        SoftHsm.get().provider().rescan();
        try (ObjectSession session = ObjectSession.of(user.token().login(SoftHsm.USER_PIN.toCharArray()))) {
            for (TokenObject object : session.objects()) {
                if (object.kind() == ObjectKind.PRIVATE_KEY && !Arrays.equals(object.id(), user.keyId())) {
                    return session.publicKey(object.id());
                }
            }
        }
        throw new AssertionError("the first process made no key pair; the old key is "
                + HexFormat.of().formatHex(user.keyId()));
    }

    private UkeyProcess.Result ukey(String caUrl, String... more) throws Exception {
        return ukey(null, caUrl, pki.caPem(), more);
    }

    /** {@code ukey renew} over CMP as its own process; halted after {@code haltAfter} when that is not null. */
    private UkeyProcess.Result ukey(RenewalStep haltAfter, String caUrl, Path trust, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("renew", "--module", SoftHsm.get().library().toString(),
                "--token", user.label(), "--pin-stdin", "--connector", "cmp", "--ca-url", caUrl, "--ca-trust",
                trust.toString()));
        args.addAll(List.of(more));
        UkeyProcess ukey = new UkeyProcess(directory.resolve("config"));
        return (haltAfter == null ? ukey : ukey.haltingAfter(haltAfter)).run(SoftHsm.USER_PIN + "\n", args);
    }
}
