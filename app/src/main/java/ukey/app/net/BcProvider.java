package ukey.app.net;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * BouncyCastle's JCA provider, made once and only when first needed (it is costly to make, and the command line's
 * usual paths never need it): what the JDK lacks for SM2 — parsing SM2 certificates, SM3 digests.
 */
public final class BcProvider {

    private BcProvider() {
    }

    private static final class Holder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    public static Provider get() {
        return Holder.PROVIDER;
    }
}
