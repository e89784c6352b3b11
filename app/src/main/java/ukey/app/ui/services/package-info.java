/**
 * The keys as the window sees them, over the client's shared {@link ukey.app.tokens.TokenService}: the window
 * and the {@code ukey} command line load the same libraries and read the same tokens.
 */
package ukey.app.ui.services;
