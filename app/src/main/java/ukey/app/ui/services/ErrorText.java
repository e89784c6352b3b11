package ukey.app.ui.services;

/** Turns an error into words for the user: the client's one error presenter. */
@FunctionalInterface
public interface ErrorText {

    /** The problem, its likely causes and what to do next, in the chosen language. */
    String describe(Throwable error);
}
