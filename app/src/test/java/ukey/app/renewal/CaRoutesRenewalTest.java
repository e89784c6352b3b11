package ukey.app.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.errors.ErrorMessage;
import ukey.app.errors.ErrorPresenter;
import ukey.app.i18n.Language;
import ukey.app.renewal.usecase.CaEndpoint;
import ukey.app.renewal.usecase.RenewalUseCase;
import ukey.app.renewal.usecase.SealLookup;
import ukey.sandbox.CertRecord;
import ukey.sandbox.SandboxCa;
import ukey.sandbox.SandboxSettings;
import ukey.token.KeySpec;
import ukey.token.testing.DeleteTokensAfterwards;

/**
 * 一键更新 through the use case when the settings name more CAs ({@code ca.more}): an EC sandbox CA is the default,
 * an SM2 sandbox CA (with its KMC) the named one, both over real HTTPS on 127.0.0.1. A key no configured CA issued
 * goes to the default CA and is refused as before; under an IT policy that sets the CA's roots a user's extra CA is
 * ignored, while the policy's own are honoured; a name that cannot be a setting's key is refused in words; seals
 * are looked up at the certificate's CA.
 */
@ExtendWith(DeleteTokensAfterwards.class)
class CaRoutesRenewalTest {

    private static SandboxCa ecCa;
    private static SandboxCa sm2Ca;
    /** A CA the settings do not know. */
    private static SandboxCa strangerCa;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCas() throws Exception {
        ecCa = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("routes-ec")));
        sm2Ca = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("routes-sm2"))
                .caAlgorithm(SandboxSettings.CaAlgorithm.SM2));
        strangerCa = SandboxCa.start(SandboxSettings.in(RenewalFixture.temp("routes-stranger")));
    }

    @AfterAll
    static void stopCas() {
        ecCa.close();
        sm2Ca.close();
        strangerCa.close();
    }

    @BeforeEach
    void plainSandboxes() {
        for (SandboxCa ca : List.of(ecCa, sm2Ca, strangerCa)) {
            RenewalFixture.plainSandbox(ca, false, false);
        }
    }

    @Test
    void aKeyNoConfiguredCaIssuedGoesToTheDefaultCaAndIsRefusedAsBefore() throws Exception {
        RenewalFixture key = new RenewalFixture(strangerCa, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);

        RenewalException alone = refused(settings("alone", defaultCa(), ""), key);
        Settings routedSettings = settings("routed", defaultCa() + sm2Named(sm2Ca.trustFile().toString()), "");
        RenewalException routed = refused(routedSettings, key);

        assertEquals(alone.error(), routed.error(), routed.toString());
        assertEquals(alone.getMessage(), routed.getMessage());
        RenewalJournal journal = new RenewalUseCase(routedSettings).journals().all().getFirst();
        assertEquals(ecCa.url().toString(), journal.caUrl(), "the default CA was asked");
        assertTrue(sm2Ca.renewals().stream().noneMatch(r -> key.first.certId.equals(r.certId)),
                "the named CA never saw it");
        assertEquals(CertRecord.State.VALID, strangerCa.certificate(key.first.certId).orElseThrow().state);
    }

    @Test
    void underAPolicyThatSetsTheCaRootsTheUsersMoreCasAreIgnoredButThePolicysAreHonoured() throws Exception {
        RenewalFixture key = RenewalFixture.sm2(sm2Ca, RenewalFixture.temp("journals"));
        String usersCa = sm2Named(sm2Ca.trustFile().toString());

        RenewalException refused = refused(settings("user-more", usersCa, defaultCa()), key);

        assertEquals(RenewalError.CA, refused.error(), refused.toString());
        assertTrue(sm2Ca.renewals().stream().noneMatch(r -> key.first.certId.equals(r.certId)),
                "the user's CA took no key from the policy's");

        Path policyFolder = Files.createDirectories(dir.resolve("it"));
        Files.copy(sm2Ca.trustFile(), policyFolder.resolve("sm2-roots.pem"));
        Settings policysCa = settings("policy-more", "", defaultCa() + sm2Named("sm2-roots.pem"), policyFolder);
        RenewalJournal done = new RenewalUseCase(policysCa).run(key.token(), Optional.empty(),
                RenewalUseCase.Choice.SETTINGS, new PinOnly());

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(sm2Ca.url().toString(), done.caUrl());
        assertEquals(CertRecord.State.SUPERSEDED, sm2Ca.certificate(key.first.certId).orElseThrow().state);
    }

    /** A default CA whose roots cannot be read stops only its own keys: the named CA's are still renewed. */
    @Test
    void aBrokenDefaultCaDoesNotBlockTheKeysOfANamedCa() throws Exception {
        RenewalFixture sm2Key = RenewalFixture.sm2(sm2Ca, RenewalFixture.temp("journals"));
        Settings settings = settings("broken-default", "ca.url=" + ecCa.url() + "\nca.trust="
                + path(dir.resolve("missing-roots.pem")) + "\n" + sm2Named(sm2Ca.trustFile().toString()), "");

        RenewalJournal done = new RenewalUseCase(settings).run(sm2Key.token(), Optional.empty(),
                RenewalUseCase.Choice.SETTINGS, new PinOnly());

        assertEquals(RenewalStep.DONE, done.step());
        assertEquals(sm2Ca.url().toString(), done.caUrl());
        RenewalFixture ecKey = new RenewalFixture(ecCa, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);
        assertThrows(AppException.class, () -> new RenewalUseCase(settings).run(ecKey.token(), Optional.empty(),
                RenewalUseCase.Choice.SETTINGS, new PinOnly()), "the default CA's own key hears what is wrong");
        assertEquals(CertRecord.State.VALID, ecCa.certificate(ecKey.first.certId).orElseThrow().state);
    }

    @Test
    void aCaNameThatCannotBeASettingsKeyOrACaWithoutAddressIsRefusedInWords() throws Exception {
        RenewalFixture key = new RenewalFixture(ecCa, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);
        Settings settings = settings("bad-name", defaultCa() + "ca.more=sm2demo,国密 CA\n", "");

        AppException refused = assertThrows(AppException.class, () -> new RenewalUseCase(settings).run(key.token(),
                Optional.empty(), RenewalUseCase.Choice.SETTINGS, new PinOnly()));

        assertEquals(AppError.SETTINGS_UNREADABLE, refused.error());
        ErrorMessage words = new ErrorPresenter(Language.ZH).present(refused);
        assertEquals("设置文件有误：" + settings.file(), words.title());
        assertTrue(words.causes().getFirst().contains("ca.more=sm2demo,国密 CA"), words.causes().toString());
        assertEquals(CertRecord.State.VALID, ecCa.certificate(key.first.certId).orElseThrow().state);

        Settings incomplete = settings("incomplete", defaultCa() + "ca.more=sm2demo\n", "");
        AppException noAddress = assertThrows(AppException.class, () -> CaEndpoint.named("sm2demo", incomplete));
        assertEquals(List.of("设置文件无法读取，或者其中的值不正确："
                + "ca.more=sm2demo (sm2demo.ca.url=?, sm2demo.ca.trust=?)"),
                new ErrorPresenter(Language.ZH).present(noAddress).causes());
    }

    /** The side panel's seals come from the CA that issued each certificate (the other knows it not). */
    @Test
    void sealsAreAskedOfTheCaThatIssuedTheCertificate() throws Exception {
        for (SandboxCa ca : List.of(ecCa, sm2Ca)) {
            RenewalFixture.plainSandbox(ca, false, true);
        }
        RenewalFixture ecKey = new RenewalFixture(ecCa, RenewalFixture.temp("journals"), KeySpec.EC_P256,
                List.of("digitalSignature"), 20, true);
        RenewalFixture sm2Key = RenewalFixture.sm2(sm2Ca, RenewalFixture.temp("journals"));
        Settings settings = settings("seals", defaultCa() + sm2Named(sm2Ca.trustFile().toString()), "");

        try (SealLookup seals = new SealLookup(settings)) {
            for (RenewalFixture key : List.of(sm2Key, ecKey, sm2Key)) {
                List<CaConnector.Seal> found = seals.seals(new X509CertificateHolder(
                        key.first.certificate().getEncoded()));
                assertEquals(List.of("电子签章（张三）"), found.stream().map(CaConnector.Seal::name).toList());
            }
        }
    }

    private RenewalException refused(Settings settings, RenewalFixture key) {
        return assertThrows(RenewalException.class, () -> new RenewalUseCase(settings).run(key.token(),
                Optional.empty(), RenewalUseCase.Choice.SETTINGS, new PinOnly()));
    }

    private static String defaultCa() {
        return "ca.url=" + ecCa.url() + "\nca.trust=" + path(ecCa.trustFile()) + "\n";
    }

    private static String sm2Named(String trust) {
        return "ca.more=sm2demo\nsm2demo.ca.url=" + sm2Ca.url() + "\nsm2demo.ca.trust=" + path(Path.of(trust)) + "\n";
    }

    private Settings settings(String name, String user, String policy) throws Exception {
        return settings(name, user, policy, dir.resolve(name));
    }

    /** The user's settings and an IT policy (in {@code policyFolder}, where its relative paths start). */
    private Settings settings(String name, String user, String policy, Path policyFolder) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve(Settings.FILE_NAME), user);
        Path policyFile = Files.writeString(Files.createDirectories(policyFolder).resolve("policy.properties"),
                policy);
        return Settings.load(Map.of("UKEY_CONFIG_DIR", folder.toString(), "UKEY_POLICY_FILE", policyFile.toString()));
    }

    private static String path(Path file) {
        return file.toString().replace("\\", "/");
    }
}
