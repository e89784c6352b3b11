package ukey.app.tokens;

import java.util.List;

/** The tokens found by one pass over every loaded library, and the libraries that failed in that pass. */
public record TokenScan(List<FoundToken> tokens, List<LibraryProblem> problems) {
}
