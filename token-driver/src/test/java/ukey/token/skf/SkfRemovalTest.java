package ukey.token.skf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import ukey.token.Token;
import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.TokenSession;
import ukey.token.TokenWatcher;
import ukey.token.testing.DeleteTokensAfterwards;
import ukey.token.testing.SoftSkf;
import ukey.token.testing.SoftSkfDevice;

/** Keys pulled and inserted by moving their softskf folder, seen through the same watcher as PKCS#11 keys. */
@ExtendWith(DeleteTokensAfterwards.class)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"in-process", "host"})
class SkfRemovalTest {

    @Parameter
    String backend;

    private SkfProvider provider() throws ukey.token.TokenException {
        return backend.equals("host") ? softSkf.hostedProvider() : softSkf.provider();
    }

    private final SoftSkf softSkf = SoftSkf.get();

    @Test
    void theWatcherSeesAKeyComeAndGoBySerial() throws Exception {
        SoftSkfDevice device = softSkf.device("watch").identity("c", "张三").build();
        List<TokenWatcher.Event> events = new ArrayList<>();
        try (TokenWatcher watcher = new TokenWatcher(List.of(provider()), Duration.ofHours(1), event -> {
            if (event.token().serial().equals(device.serial())) {
                events.add(event);
            }
        })) {
            watcher.pollNow();
            device.pull();
            watcher.pollNow();
            device.insert();
            watcher.pollNow();
            watcher.pollNow();
        }
        assertEquals(List.of(TokenWatcher.Event.Kind.INSERTED, TokenWatcher.Event.Kind.REMOVED,
                TokenWatcher.Event.Kind.INSERTED), events.stream().map(TokenWatcher.Event::kind).toList());
        assertEquals(softSkf.library().toAbsolutePath() + "#" + device.serial(), events.getFirst().token().key());
    }

    @Test
    void aKeyPulledMidSessionFailsItsSessionAsRemovedEvenAfterReinsertion() throws Exception {
        SoftSkfDevice device = softSkf.device("pull").identity("c", "张三").build();
        Token token = device.token(provider());
        try (TokenSession session = token.login(SoftSkf.USER_PIN.toCharArray())) {
            assertEquals(1, session.identities().size());
            device.pull();
            TokenException gone = assertThrows(TokenException.class, session::identities);
            assertEquals(TokenError.TOKEN_REMOVED, gone.error());
            assertTrue(gone.needsRescan());
            assertEquals(TokenError.TOKEN_REMOVED, assertThrows(TokenException.class, token::info).error());
            device.insert();
            assertEquals(TokenError.TOKEN_REMOVED, assertThrows(TokenException.class, session::identities).error(),
                    "a real key's handles do not survive re-insertion");
        }
        assertEquals(device.serial(), token.info().serial(), "the token object follows the key by serial");
        try (TokenSession again = token.login(SoftSkf.USER_PIN.toCharArray())) {
            assertEquals(1, again.identities().size());
        }
    }
}
