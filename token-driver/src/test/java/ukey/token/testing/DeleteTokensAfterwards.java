package ukey.token.testing;

import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deletes the SoftHSM tokens and the softskf devices a test made, after each test (and those a class made in its
 * {@code @BeforeAll}, after the class), so that no test sees another's keys:
 * {@code @ExtendWith(DeleteTokensAfterwards.class)}.
 */
public final class DeleteTokensAfterwards
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DeleteTokensAfterwards.class);

    /** What was there before: the tokens, and the devices (none when softskf was not used yet). */
    private record Before(Set<String> tokens, Set<String> devices) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        remember(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        remember(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deleteNew(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        deleteNew(context);
    }

    private static void remember(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), new Before(SoftHsm.get().liveTokens(),
                SoftSkf.started().map(SoftSkf::liveDevices).orElse(Set.of())));
    }

    private static void deleteNew(ExtensionContext context) {
        Before before = context.getStore(NAMESPACE).get(context.getUniqueId(), Before.class);
        SoftHsm softHsm = SoftHsm.get();
        for (String label : softHsm.liveTokens()) {
            if (before == null || !before.tokens().contains(label)) {
                softHsm.deleteToken(label);
            }
        }
        SoftSkf.started().ifPresent(softSkf -> {
            for (String device : softSkf.liveDevices()) {
                if (before == null || !before.devices().contains(device)) {
                    softSkf.deleteDevice(device);
                }
            }
        });
    }
}
