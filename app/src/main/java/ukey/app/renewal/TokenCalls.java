package ukey.app.renewal;

import ukey.token.TokenException;

/** Token calls from the renewal's steps: a token failure becomes a {@link RenewalException} in one place. */
final class TokenCalls {

    private TokenCalls() {
    }

    interface Call<T> {
        T run() throws TokenException;
    }

    interface Action {
        void run() throws TokenException;
    }

    static <T> T call(Call<T> call) throws RenewalException {
        try {
            return call.run();
        } catch (TokenException e) {
            throw RenewalException.of(e);
        }
    }

    static void run(Action action) throws RenewalException {
        call(() -> {
            action.run();
            return null;
        });
    }
}
