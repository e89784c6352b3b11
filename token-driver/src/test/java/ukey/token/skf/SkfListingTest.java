package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import ukey.cert.CertificateParseException;
import ukey.token.Backend;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.Token;
import ukey.token.TokenInfo;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/** What a key shows without a PIN, on real softskf devices. */
@ExtendWith(DeleteTokensAfterwards.class)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"in-process", "host"})
class SkfListingTest {

    @Parameter
    String backend;

    private SkfProvider provider() throws ukey.token.TokenException {
        return backend.equals("host") ? softSkf.hostedProvider() : softSkf.provider();
    }

    private final SoftSkf softSkf = SoftSkf.get();

    private static Map<String, Identity> byName(List<Identity> identities) {
        return identities.stream().collect(Collectors.toMap(Identity::name, Function.identity()));
    }

    @Test
    void everyKindOfContainerIsListed() throws Exception {
        byte[] garbage = {0x30, (byte) 0x82, 0x01, 0x00, 0x01, 0x02};
        SoftSkfDevice device = softSkf.device("listing")
                .identity("张三-dual", "张三")
                .signed("sign-only", "李四")
                .certificateOnly("garbage", true, garbage)
                .empty("empty")
                .rsa("rsa", "王五")
                .build();
        Token token = device.token(provider());
        Map<String, Identity> identities = byName(token.identities());
        assertEquals(5, identities.size(), identities.keySet().toString());

        Identity dual = identities.get("张三-dual");
        assertEquals(Backend.SKF, dual.backend());
        assertEquals("张三-dual", dual.container().orElseThrow());
        assertEquals("SM2", dual.algorithm());
        KeyHalf signing = dual.signing().orElseThrow();
        KeyHalf encryption = dual.encryption().orElseThrow();
        assertArrayEquals(device.signing().get("张三-dual").der(), signing.certificate().orElseThrow());
        assertArrayEquals(device.encryption().get("张三-dual").der(), encryption.certificate().orElseThrow());
        assertEquals(KeyHalf.Usage.SIGN, signing.usage());
        assertEquals(KeyHalf.Usage.ENCRYPT, encryption.usage());
        assertTrue(signing.hasPrivateKey() && encryption.hasPrivateKey(), "both key pairs are on the key");
        assertTrue(signing.info().orElseThrow().subject().contains("张三"));

        Identity signOnly = identities.get("sign-only");
        assertTrue(signOnly.signing().orElseThrow().readable());
        assertTrue(signOnly.encryption().isEmpty(), "no encryption certificate, no encryption key");

        KeyHalf broken = identities.get("garbage").signing().orElseThrow();
        assertFalse(broken.readable());
        assertFalse(broken.hasPrivateKey());
        assertEquals(CertificateParseException.Problem.TRUNCATED, broken.problem().orElseThrow().reason());

        assertTrue(identities.get("empty").empty());

        Identity rsa = identities.get("rsa");
        assertEquals("RSA", rsa.algorithm());
        assertArrayEquals(device.signing().get("rsa").der(), rsa.signing().orElseThrow().certificate().orElseThrow());
    }

    @Test
    void theKeyDescribesItselfAndItsPin() throws Exception {
        SoftSkfDevice device = softSkf.device("info").label("张三的UKey").retries(8).identity("c", "张三").build();
        TokenInfo info = device.token(provider()).info();
        assertEquals("张三的UKey", info.label());
        assertEquals(device.serial(), info.serial());
        assertEquals(softSkf.library().toAbsolutePath().toString(), info.library());
        assertEquals(OptionalInt.of(8), info.userPin().retriesLeft());
        assertEquals(OptionalInt.of(8), info.userPin().maxRetries());
        assertFalse(info.userPin().countLow() || info.userPin().finalTry() || info.userPin().locked());
        assertFalse(info.userPin().toBeChanged());
        assertEquals(1, device.token(provider()).room().used());
    }

    @Test
    void gbkContainerNamesReadWithTheGbkCharset() throws Exception {
        SoftSkfDevice device = softSkf.device("gbk").gbk().identity("张三的签名容器", "张三").build();
        try (SkfProvider gbk = SkfProvider.open(softSkf.library(),
                SkfOptions.defaults().withCharset(Charset.forName("GBK")))) {
            Token token = device.token(gbk);
            Identity identity = token.identities().getFirst();
            assertEquals("张三的签名容器", identity.name());
            assertTrue(identity.signing().orElseThrow().readable());
        }
    }

    @Test
    void thePkcs11ShapedCertificatesListComesFromTheContainers() throws Exception {
        SoftSkfDevice device = softSkf.device("compat").identity("c1", "张三").build();
        List<ukey.token.TokenCertificate> certificates = device.token(provider()).certificates();
        assertEquals(2, certificates.size(), "signing and encryption certificate");
        assertEquals("c1", certificates.getFirst().label());
    }
}
