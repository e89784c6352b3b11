package ukey.app.errors;

import java.util.List;
import java.util.Optional;

import ukey.token.PinState;

/**
 * An error of the client itself. The arguments fill the {0}, {1}, ... of the presenter's texts; they never
 * hold a PIN.
 */
public class AppException extends Exception {

    private final AppError error;
    private final transient List<Object> arguments;
    private final transient PinState pinState;

    public AppException(AppError error, Object... arguments) {
        this(error, null, null, arguments);
    }

    public AppException(AppError error, Throwable cause, PinState pinState, Object... arguments) {
        super(error.name() + (arguments.length == 0 ? "" : " " + List.of(arguments)), cause);
        this.error = error;
        this.arguments = List.of(arguments);
        this.pinState = pinState;
    }

    public AppError error() {
        return error;
    }

    public List<Object> arguments() {
        return arguments;
    }

    /** The state of the PIN concerned, for the SO PIN errors. */
    public Optional<PinState> pinState() {
        return Optional.ofNullable(pinState);
    }
}
