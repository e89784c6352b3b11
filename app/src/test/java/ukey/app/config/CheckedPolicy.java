package ukey.app.config;

import java.util.Map;

import ukey.app.errors.AppException;

/** For tests outside this package: settings loaded as an installed Linux client loads them, policy check included. */
public final class CheckedPolicy {

    private CheckedPolicy() {
    }

    public static Settings load(Map<String, String> env) throws AppException {
        return Settings.load(env, false, new PosixPolicyFileGuard(PosixPolicyFileGuard.ROOT), false);
    }
}
