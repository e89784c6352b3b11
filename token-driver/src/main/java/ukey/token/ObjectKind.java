package ukey.token;

/** The kinds of token object the client deals with. */
public enum ObjectKind {
    CERTIFICATE,
    PRIVATE_KEY,
    PUBLIC_KEY,
    OTHER
}
