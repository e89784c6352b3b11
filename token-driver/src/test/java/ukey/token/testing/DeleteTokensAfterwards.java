package ukey.token.testing;

import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deletes the SoftHSM tokens a test made, after each test (and those a class made in its {@code @BeforeAll}, after
 * the class), so that no test sees another's keys: {@code @ExtendWith(DeleteTokensAfterwards.class)}.
 */
public final class DeleteTokensAfterwards
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DeleteTokensAfterwards.class);

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
        context.getStore(NAMESPACE).put(context.getUniqueId(), SoftHsm.get().liveTokens());
    }

    @SuppressWarnings("unchecked")
    private static void deleteNew(ExtensionContext context) {
        Set<String> before = (Set<String>) context.getStore(NAMESPACE).get(context.getUniqueId());
        SoftHsm softHsm = SoftHsm.get();
        for (String label : softHsm.liveTokens()) {
            if (before == null || !before.contains(label)) {
                softHsm.deleteToken(label);
            }
        }
    }
}
