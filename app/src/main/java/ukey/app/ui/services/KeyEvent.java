package ukey.app.ui.services;

import ukey.token.TokenInfo;

/** A key was inserted or removed. */
public sealed interface KeyEvent {

    TokenInfo info();

    record Inserted(TokenInfo info) implements KeyEvent {
    }

    record Removed(TokenInfo info) implements KeyEvent {
    }
}
