package ukey.app.tokens;

import ukey.token.TokenException;

/** A library that failed to load, or failed while listing its tokens. The other libraries still work. */
public record LibraryProblem(LibraryChoice library, TokenException error) {
}
