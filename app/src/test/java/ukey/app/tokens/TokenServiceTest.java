package ukey.app.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.config.Settings;
import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.cert.gm.PrivateKeyLayout;
import ukey.token.Backend;
import ukey.token.LibraryDefect;
import ukey.token.LibraryHeader;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenProvider;
import ukey.token.skf.SkfOptions;
import ukey.token.testing.SimulatedProvider;
import ukey.token.testing.SimulatedToken;

class TokenServiceTest {

    @TempDir
    Path dir;

    private final SimulatedProvider vendorA = new SimulatedProvider("/opt/a/libp11.so");
    private final SimulatedProvider vendorB = new SimulatedProvider("/opt/b/libp11.so");

    private final ProviderFactory factory = path -> switch (path.toString()) {
        case "/opt/a/libp11.so" -> vendorA;
        case "/opt/b/libp11.so" -> vendorB;
        case "/opt/crash/libp11.so" -> throw new IllegalArgumentException("not a shared object");
        default -> throw new TokenException(TokenError.LIBRARY_LOAD_FAILED, "cannot load " + path);
    };

    @Test
    void explicitLibrariesComeFirstThenEnvironmentThenSettingsThenDiscovery() throws IOException, AppException {
        Files.writeString(dir.resolve("settings.properties"), "pkcs11.modules=/opt/settings.so\n",
                StandardCharsets.UTF_8);
        Settings settings = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString()));
        LibrarySource discovery = () -> List.of(new LibraryChoice(Path.of("/usr/lib/found.so"), "p11-kit", "OpenSC",
                Optional.empty(), false));
        Map<String, String> env = Map.of(TokenService.MODULE_ENV, "/opt/env1.so" + File.pathSeparator + "/opt/env2.so");

        assertEquals(List.of(LibraryChoice.explicit(Path.of("/opt/cli.so"), "--module")),
                TokenService.chooseLibraries(List.of(Path.of("/opt/cli.so"), Path.of("/opt/cli.so")), env, settings,
                        discovery), "repeated --module paths load once");
        assertEquals(List.of(LibraryChoice.explicit(Path.of("/opt/env1.so"), TokenService.MODULE_ENV),
                        LibraryChoice.explicit(Path.of("/opt/env2.so"), TokenService.MODULE_ENV)),
                TokenService.chooseLibraries(List.of(), env, settings, discovery));
        assertEquals(List.of(LibraryChoice.explicit(Path.of("/opt/settings.so"), "settings")),
                TokenService.chooseLibraries(List.of(), Map.of(), settings, discovery));

        Settings empty = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.resolve("none").toString()));
        assertEquals(discovery.find(), TokenService.chooseLibraries(List.of(), Map.of(), empty, discovery));
    }

    @Test
    void skfLibrariesAreChosenOnTheirOwnBesideThePkcs11Ones() throws IOException, AppException {
        Files.writeString(dir.resolve("settings.properties"), "skf.libraries=/opt/skf-settings.so\n",
                StandardCharsets.UTF_8);
        Settings settings = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString()));
        LibraryChoice foundPkcs11 = new LibraryChoice(Path.of("/usr/lib/found.so"), "p11-kit", "OpenSC",
                Optional.empty(), false);
        LibraryChoice foundSkf = new LibraryChoice(Path.of("/usr/lib/libgm3000.1.0.so"), "usual path", "Longmai",
                Optional.empty(), false, Backend.SKF);
        LibrarySource discovery = () -> List.of(foundPkcs11, foundSkf);
        Map<String, String> env = Map.of(TokenService.SKF_ENV, "/opt/skf-env.so");

        assertEquals(List.of(LibraryChoice.explicit(Path.of("/opt/p11.so"), "--module"),
                        LibraryChoice.explicit(Path.of("/opt/skf-cli.so"), "--skf", Backend.SKF)),
                TokenService.chooseLibraries(List.of(Path.of("/opt/p11.so")), List.of(Path.of("/opt/skf-cli.so")),
                        env, settings, discovery), "each kind from its own option");
        assertEquals(List.of(foundPkcs11, LibraryChoice.explicit(Path.of("/opt/skf-env.so"), TokenService.SKF_ENV,
                        Backend.SKF)),
                TokenService.chooseLibraries(List.of(), List.of(), env, settings, discovery),
                "PKCS#11 from discovery, SKF from its environment variable");
        assertEquals(List.of(foundPkcs11, LibraryChoice.explicit(Path.of("/opt/skf-settings.so"), "settings",
                        Backend.SKF)),
                TokenService.chooseLibraries(List.of(), List.of(), Map.of(), settings, discovery));
        Settings empty = Settings.load(Map.of("UKEY_CONFIG_DIR", dir.resolve("none").toString()));
        assertEquals(List.of(foundPkcs11, foundSkf),
                TokenService.chooseLibraries(List.of(), List.of(), Map.of(), empty, discovery));
    }

    @Test
    void anSkfLibraryIsOpenedWithItsSettings() throws Exception {
        Files.writeString(dir.resolve("settings.properties"), """
                skf.charset=GBK
                skf.envelope.libvendor.so=left
                skf.containers.libvendor.so=2
                skf.charset.other.so=UTF-8
                """, StandardCharsets.UTF_8);
        SkfLibraryOptions options = new SkfLibraryOptions(Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString())));
        SkfOptions vendor = options.of(Path.of("/opt/libvendor.so"));
        assertEquals("GBK", vendor.charset().name(), "the key for every SKF library");
        assertEquals(PrivateKeyLayout.LEFT, vendor.envelope(), "the library's own key");
        assertEquals(2, vendor.containerLimit().getAsInt());
        SkfOptions other = options.of(Path.of("/opt/other.so"));
        assertEquals("UTF-8", other.charset().name(), "the library's own key wins");
        assertEquals(PrivateKeyLayout.RIGHT, other.envelope(), "the standard's layout by default");
        assertTrue(other.containerLimit().isEmpty());

        Files.writeString(dir.resolve("settings.properties"), "skf.containers=many\n", StandardCharsets.UTF_8);
        AppException wrong = assertThrows(AppException.class, () -> new SkfLibraryOptions(
                Settings.load(Map.of("UKEY_CONFIG_DIR", dir.toString()))).of(Path.of("/opt/libvendor.so")));
        assertEquals(AppError.SETTINGS_UNREADABLE, wrong.error());
    }

    @Test
    void nothingToLoadIsNoLibrary() {
        AppException e = assertThrows(AppException.class, () -> TokenService.open(List.of(), factory));
        assertEquals(AppError.NO_LIBRARY, e.error());
    }

    @Test
    void aFailingLibraryIsReportedAndTheOthersWork() throws Exception {
        SimulatedToken token = new SimulatedToken("张三", "A-1", "123456", "12345678");
        vendorB.insert(token);
        List<LibraryChoice> choices = List.of(
                LibraryChoice.explicit(Path.of("/opt/missing.so"), "--module"),
                LibraryChoice.explicit(Path.of("/opt/crash/libp11.so"), "--module"),
                new LibraryChoice(Path.of("C:/x86/vendor.dll"), "known DLL", "Vendor",
                        Optional.of(new LibraryDefect(LibraryDefect.Kind.WRONG_BITS, Optional.of(LibraryHeader.Arch.X86),
                                Optional.of(LibraryHeader.Arch.X86_64), "")), false),
                LibraryChoice.explicit(Path.of("/opt/b/libp11.so"), "--module"));

        try (TokenService service = TokenService.open(choices, factory)) {
            assertEquals(List.of("/opt/missing.so", "/opt/crash/libp11.so", "C:/x86/vendor.dll"),
                    service.loadFailures().stream().map(f -> f.library().path().toString()).toList());
            service.loadFailures().forEach(f -> assertEquals(TokenError.LIBRARY_LOAD_FAILED, f.error().error()));
            assertTrue(service.loadFailures().get(2).error().getMessage().contains("WRONG_BITS"));
            assertEquals(List.<TokenProvider>of(vendorB), service.providers());
            assertEquals("A-1", service.select(Optional.empty()).info().serial());
        }
        assertTrue(vendorB.closed(), "closing the service closes its libraries");
    }

    @Test
    void tokensAreChosenBySerialThenLabel() throws Exception {
        SimulatedToken zhang = new SimulatedToken("张三", "A-1", "123456", "12345678");
        SimulatedToken li = new SimulatedToken("李四", "B-2", "123456", "12345678");
        SimulatedToken liToo = new SimulatedToken("李四", "B-3", "123456", "12345678");
        SimulatedToken named = new SimulatedToken("a-1", "C-4", "123456", "12345678");
        vendorA.insert(zhang).insert(li);
        vendorB.insert(liToo).insert(named);

        try (TokenService service = TokenService.open(List.of(
                LibraryChoice.explicit(Path.of("/opt/a/libp11.so"), "--module"),
                LibraryChoice.explicit(Path.of("/opt/b/libp11.so"), "--module")), factory)) {
            assertEquals(4, service.scan().tokens().size());
            assertSame(zhang, service.select(Optional.of("a-1")).token(), "a serial wins over a label");
            assertSame(named, service.select(Optional.of("C-4")).token());
            assertSame(liToo, service.select(Optional.of("B-3")).token());

            AppException several = assertThrows(AppException.class, () -> service.select(Optional.empty()));
            assertEquals(AppError.SEVERAL_TOKENS, several.error());

            AppException ambiguous = assertThrows(AppException.class, () -> service.select(Optional.of("李四")));
            assertEquals(AppError.TOKEN_AMBIGUOUS, ambiguous.error());
            assertEquals(List.of("李四", "李四 (B-2) @ /opt/a/libp11.so, 李四 (B-3) @ /opt/b/libp11.so"),
                    ambiguous.arguments());

            AppException none = assertThrows(AppException.class, () -> service.select(Optional.of("王五")));
            assertEquals(AppError.TOKEN_NOT_FOUND, none.error());
        }
    }

    @Test
    void withNoTokenTheReasonIsGiven() throws Exception {
        try (TokenService service = TokenService.open(
                List.of(LibraryChoice.explicit(Path.of("/opt/a/libp11.so"), "--module")), factory)) {
            assertEquals(AppError.NO_TOKEN,
                    assertThrows(AppException.class, () -> service.select(Optional.empty())).error());
        }
        try (TokenService service = TokenService.open(
                List.of(LibraryChoice.explicit(Path.of("/opt/missing.so"), "--module")), factory)) {
            TokenException e = assertThrows(TokenException.class, () -> service.select(Optional.empty()));
            assertEquals(TokenError.LIBRARY_LOAD_FAILED, e.error(), "no token seen because no library loaded");
        }
        try (TokenService service = TokenService.open(
                List.of(LibraryChoice.explicit(Path.of("/opt/a/libp11.so"), "--module")), factory)) {
            vendorA.close();
            TokenException e = assertThrows(TokenException.class, () -> service.select(Optional.of("A-1")));
            assertEquals(Optional.of("CKR_CRYPTOKI_NOT_INITIALIZED"), e.ckrName(),
                    "no token seen because the library failed to list them");
        }
    }

    @Test
    void aTokenPulledOutWhileListingIsLeftOutAndABrokenLibraryIsReported() throws Exception {
        SimulatedToken zhang = new SimulatedToken("张三", "A-1", "123456", "12345678");
        vendorA.insert(zhang);
        vendorB.insert(new SimulatedToken("李四", "B-2", "123456", "12345678"));
        try (TokenService service = TokenService.open(List.of(
                LibraryChoice.explicit(Path.of("/opt/a/libp11.so"), "--module"),
                LibraryChoice.explicit(Path.of("/opt/b/libp11.so"), "--module")), factory)) {
            vendorB.close(); // the library breaks: its listing fails from now on
            TokenScan scan = service.scan();
            assertEquals(List.of("A-1"), scan.tokens().stream().map(t -> t.info().serial()).toList());
            assertEquals(List.of(Path.of("/opt/b/libp11.so")),
                    scan.problems().stream().map(p -> p.library().path()).toList());
        }
    }
}
