/**
 * What the window needs from the rest of the client, in one place. Each interface here is a narrow view of a
 * shared service (TokenService, ErrorPresenter, Settings) so that the window and the {@code ukey} command line
 * use the same code; the adapters onto those services live in {@link ukey.app.ui.services.ClientServices}.
 */
package ukey.app.ui.services;
