package ukey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import ukey.cert.CertificateParseException;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;

/** How PKCS#11 certificates become identities, and the small value types of the identity API. */
class IdentitiesTest {

    private static TokenCertificate certificate(byte id, Issued issued) throws Exception {
        return new TokenCertificate(new byte[] {id}, "label " + id, issued.der(), true,
                Optional.of(issued.info()), Optional.empty());
    }

    @Test
    void keyUsageDecidesTheHalf() throws Exception {
        Issued signing = TestCertificates.builder().keyType(KeyType.EC_P256)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).build();
        Issued encryption = TestCertificates.builder().keyType(KeyType.RSA_2048)
                .keyUsage(KeyUsage.keyEncipherment | KeyUsage.dataEncipherment).build();
        Issued unrestricted = TestCertificates.builder().keyType(KeyType.SM2).build();
        TokenCertificate garbage = new TokenCertificate(new byte[] {4}, "bad", new byte[] {1, 2}, false,
                Optional.empty(),
                Optional.of(new CertificateParseException(CertificateParseException.Problem.NOT_A_CERTIFICATE, "x")));
        List<Identity> identities = Identities.fromPkcs11(List.of(certificate((byte) 1, signing),
                certificate((byte) 2, encryption), certificate((byte) 3, unrestricted), garbage));

        assertEquals(List.of("01", "02", "03", "04"), identities.stream().map(Identity::id).toList());
        assertTrue(identities.stream().allMatch(i -> i.backend() == Backend.PKCS11 && i.container().isEmpty()));
        assertTrue(identities.get(0).signing().isPresent() && identities.get(0).encryption().isEmpty(),
                "signing and encipherment: a signing half");
        assertTrue(identities.get(1).encryption().isPresent() && identities.get(1).signing().isEmpty());
        assertEquals(KeyHalf.Usage.ENCRYPT, identities.get(1).primary().orElseThrow().usage());
        assertEquals("RSA", identities.get(1).algorithm());
        assertEquals("SM2", identities.get(2).algorithm());
        KeyHalf broken = identities.get(3).signing().orElseThrow();
        assertFalse(broken.readable());
        assertEquals(CertificateParseException.Problem.NOT_A_CERTIFICATE, broken.problem().orElseThrow().reason());
    }

    @Test
    void countedPinStatesAndRoom() {
        PinState fresh = PinState.counted(6, 6, false, 6, 16);
        assertFalse(fresh.countLow() || fresh.finalTry() || fresh.locked());
        assertTrue(PinState.counted(1, 6, false, 6, 16).finalTry());
        assertTrue(PinState.counted(0, 6, true, 6, 16).locked());
        assertEquals(OptionalInt.empty(), new PinState(false, false, false, false, 4, 255).retriesLeft(),
                "PKCS#11 does not count");
        assertTrue(new Room(3, OptionalInt.of(3)).full());
        assertEquals(OptionalInt.of(1), new Room(2, OptionalInt.of(3)).left());
        assertFalse(new Room(9, OptionalInt.empty()).full(), "unknown limit: not known to be full");
    }
}
