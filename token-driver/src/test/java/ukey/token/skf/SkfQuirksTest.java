package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ukey.token.Identity;
import ukey.token.KeySpec;
import ukey.token.Room;
import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenInfo;
import ukey.token.TokenSession;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/** softskf's switches for vendor quirks, and how the client copes with each. */
@ExtendWith(DeleteTokensAfterwards.class)
class SkfQuirksTest {

    private final SoftSkf softSkf = SoftSkf.get();

    @Test
    void devInfoPackedOrNaturalReadsTheSame() throws Exception {
        for (String layout : List.of("packed", "natural")) {
            SoftSkfDevice device = softSkf.device(layout).label("张三 " + layout).config("devinfo=" + layout)
                    .identity("c", "张三").build();
            TokenInfo info = device.token().info();
            assertEquals(device.serial(), info.serial(), layout);
            assertEquals("张三 " + layout, info.label(), layout);
        }
    }

    @Test
    void theMisspelledContainerTypeExportIsAccepted() throws Exception {
        SoftSkfDevice device = softSkf.device("misspelled").identity("c", "张三").build();
        FfmSkfApi api = FfmSkfApi.load(softSkf.misspelledLibrary());
        assertTrue(api.has("SKF_GetContainerType"), "found under SKF_GetContianerType");
        assertFalse(api.has("SKF_NoSuchFunction"));
        SkfApi.Ref handle = new SkfApi.Ref();
        byte[] name = device.name().getBytes(StandardCharsets.UTF_8);
        assertEquals(Sar.OK, api.connectDev(name, handle));
        long dev = handle.value;
        assertEquals(Sar.OK, api.openApplication(dev, SoftSkf.APPLICATION.getBytes(StandardCharsets.UTF_8), handle));
        long app = handle.value;
        assertEquals(Sar.OK, api.openContainer(app, "c".getBytes(StandardCharsets.UTF_8), handle));
        SkfApi.Ref type = new SkfApi.Ref();
        assertEquals(Sar.OK, api.getContainerType(handle.value, type));
        assertEquals(SkfContainers.TYPE_ECC, type.value);
        api.closeContainer(handle.value);
        api.closeApplication(app);
        api.disconnectDev(dev);
    }

    @Test
    void aSlowKeyAnswersTheSameToCallersOnSeveralThreads() throws Exception {
        SoftSkfDevice device = softSkf.device("slow").config("slow_ms=5").identity("c1", "张三").signed("c2", "李四")
                .build();
        Token token = device.token();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Callable<List<String>> list = () -> token.identities().stream().map(Identity::name).sorted().toList();
            List<Future<List<String>>> answers = callers.invokeAll(List.of(list, list, list, list));
            for (Future<List<String>> answer : answers) {
                assertEquals(List.of("c1", "c2"), answer.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFullKeyIsSeenBeforeThePinAndRefusesANewContainer() throws Exception {
        SoftSkfDevice device = softSkf.device("full").config("max_containers=1").identity("c", "张三").build();
        try (SkfProvider limited = SkfProvider.open(softSkf.library(), SkfOptions.defaults().withContainerLimit(1))) {
            Room room = device.token(limited).room();
            assertEquals(1, room.used());
            assertTrue(room.full());
        }
        Token token = device.token();
        assertFalse(token.room().full(), "without the setting the limit is unknown");
        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            TokenException full = assertThrows(TokenException.class,
                    () -> session.createIdentity("new", KeySpec.SM2));
            assertEquals(TokenError.TOKEN_MEMORY_FULL, full.error());
            assertEquals("SAR_REACH_MAX_CONTAINER_COUNT", full.codeName().orElseThrow());
            assertEquals(List.of("c"), session.identities().stream().map(Identity::name).toList());
        }
    }
}
