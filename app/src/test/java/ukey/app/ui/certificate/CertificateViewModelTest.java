package ukey.app.ui.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ukey.app.errors.ErrorPresenter;
import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.Fixtures;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.certificate.CertificateViewModel.Row;
import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.token.Identities;
import ukey.token.Identity;
import ukey.token.ObjectSession;
import ukey.token.PinState;
import ukey.token.TokenCertificate;
import ukey.token.TokenInfo;
import ukey.token.testing.SoftHsm;
import ukey.token.testing.TestCertificates;
import ukey.token.testing.TestCertificates.Issued;
import ukey.token.testing.TestCertificates.KeyType;
import ukey.token.testing.TestCertificates.StringType;

/** 查看证书 on RSA, EC and SM2 certificates written to a real SoftHSM key with their issuing CA. */
class CertificateViewModelTest {

    @TempDir
    Path temp;

    private final SoftHsm hsm = SoftHsm.get();
    private String label;

    @AfterEach
    void pullKey() {
        if (label != null) {
            hsm.deleteToken(label);
        }
    }

    /** A key holding a CA certificate and the user's certificate of this key type that the CA issued. */
    private KeyCard keyWith(KeyType type, Issued ca, Issued user) throws Exception {
        label = hsm.createToken("ui-cert");
        try (ObjectSession session = ObjectSession.of(hsm.token(label).login(SoftHsm.USER_PIN.toCharArray()))) {
            session.writeCertificate(new byte[] {1}, "CA", ca.certificate());
            session.writeCertificate(new byte[] {2}, "张三的证书 " + type, user.certificate());
        }
        return Fixtures.key(Fixtures.softHsmKeys(), label);
    }

    private static Issued ca(KeyType type) {
        return TestCertificates.builder().keyType(type).ca()
                .subject(TestCertificates.name(StringType.UTF8, "C=CN", "O=天威诚信测试CA", "CN=测试根CA " + type))
                .validity(Instant.now().minus(Duration.ofDays(400)), Instant.now().plus(Duration.ofDays(3000)))
                .build();
    }

    private static Issued user(KeyType type, Issued ca) {
        return TestCertificates.builder().keyType(type).issuer(ca)
                .subject(TestCertificates.name(StringType.BMP, "C=CN", "O=示例招标代理有限公司", "CN=张三"))
                .validity(Instant.now().minus(Duration.ofDays(345)), Instant.now().plus(Duration.ofDays(20)))
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).build();
    }

    private static CertificateViewModel model(KeyCard key, I18n i18n) {
        return new CertificateViewModel(key, Fixtures.inPlace(), i18n, new ErrorPresenter(i18n.language()));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "SM2"})
    void generalDetailsAndChainOfACertificateOnTheKey(KeyType type) throws Exception {
        Issued ca = ca(type);
        Issued user = user(type, ca);
        CertificateInfo info = user.info();
        CertificateViewModel model = model(keyWith(type, ca, user), Fixtures.ZH);

        assertEquals(2, model.certificates().size());
        model.selectedProperty().set(model.certificates().stream()
                .filter(c -> c.label().startsWith("张三")).findFirst().orElseThrow());
        Map<String, String> general = model.general().stream()
                .collect(Collectors.toMap(Row::name, Row::value, (a, b) -> a));
        assertEquals("张三", general.get("所有者"));
        assertEquals(info.issuer(), general.get("颁发者"));
        assertTrue(general.get("状态").startsWith("即将到期，剩余 19 天"), general.get("状态"));
        assertEquals(info.serialHex(), general.get("序列号"));
        assertEquals(info.keyAlgorithm(), general.get("公钥"));
        assertEquals("digitalSignature, nonRepudiation", general.get("密钥用法"));
        assertEquals(info.sha256(), general.get("SHA-256 指纹"));
        assertEquals("", model.messageProperty().get());

        Map<String, String> details = model.details().stream()
                .collect(Collectors.toMap(Row::name, Row::value, (a, b) -> a));
        assertEquals("V3", details.get("版本"));
        assertEquals(info.signatureAlgorithm(), details.get("签名算法").split(" ")[0]);
        assertTrue(details.keySet().containsAll(List.of("有效期从", "有效期到", "使用者", "公钥算法", "公钥",
                "签名值", "SHA-1 指纹")), details.keySet().toString());
        assertTrue(details.containsKey("密钥用法（关键）") || details.containsKey("密钥用法"), details.keySet().toString());
        List<String> untranslated = model.details().stream().map(Row::name)
                .filter(name -> name.matches("[A-Za-z ]+")).toList();
        assertEquals(List.of(), untranslated, "every field the parser names has a Chinese name");
        if (type == KeyType.SM2) {
            assertEquals("SM2", info.keyAlgorithm());
            assertEquals("SM3withSM2", info.signatureAlgorithm());
        }

        assertEquals(List.of(info.subject(), ca.info().subject(), "（根证书：自签名）"), model.chain());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "SM2"})
    void exportsPemAndDerThatOpensslReads(KeyType type) throws Exception {
        Issued ca = ca(type);
        Issued user = user(type, ca);
        CertificateViewModel model = model(keyWith(type, ca, user), Fixtures.EN);
        model.selectedProperty().set(model.certificates().stream()
                .filter(c -> c.label().startsWith("张三")).findFirst().orElseThrow());
        assertTrue(model.details().stream().anyMatch(f -> f.name().equals("Subject")), "English keeps the labels");

        Path pem = temp.resolve(model.suggestedFileName(CertificateViewModel.Format.PEM));
        model.export(pem, CertificateViewModel.Format.PEM);
        Path der = temp.resolve("zhangsan.cer");
        model.export(der, CertificateViewModel.Format.DER);

        assertEquals("张三.pem", pem.getFileName().toString());
        assertTrue(Files.readString(pem, StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----\n"));
        String fingerprint = hsm.run("openssl", "x509", "-in", der.toString(), "-inform", "DER", "-noout",
                "-fingerprint", "-sha256");
        assertTrue(fingerprint.replace(":", "").toLowerCase().contains(user.info().sha256()), fingerprint);
        String fromPem = hsm.run("openssl", "x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256");
        assertEquals(fingerprint, fromPem);
    }

    /** A certificate object that does not parse: why, in the user's words (the parser's English is for the log). */
    @Test
    void anUnreadableCertificateIsExplainedInTheUsersWords() {
        byte[] good = TestCertificates.builder().build().der();
        byte[] cut = Arrays.copyOf(good, good.length - 10);
        CertificateParseException why = assertThrows(CertificateParseException.class,
                () -> CertificateInfo.parse(cut));
        TokenCertificate broken = new TokenCertificate(new byte[] {9}, "坏证书", cut, false, Optional.empty(),
                Optional.of(why));
        PinState pin = new PinState(false, false, false, false, 4, 16);
        List<Identity> identities = Identities.fromPkcs11(List.of(broken));
        KeyCard key = new KeyCard(new TokenInfo("label", "m", "model", "S1", "1.0", "lib", pin, pin), null,
                identities, CertificateSummary.of(identities, Instant.now(), 30), Optional.empty());

        String zh = model(key, Fixtures.ZH).messageProperty().get();
        assertEquals("这张证书无法解析：证书内容不完整（被截断）。下面是它的原始内容，可以导出后交给CA查看。", zh);
        assertFalse(zh.matches(".*[a-z].*"), "no English beside the CA's name: " + zh);
        assertEquals("This certificate cannot be parsed: the certificate is incomplete (cut short). Its raw content is"
                + " below; export it for your CA to look at.", model(key, Fixtures.EN).messageProperty().get());
    }
}
