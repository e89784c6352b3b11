package ukey.app.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.stream.Stream;

import ukey.app.i18n.Bundles;
import ukey.app.renewal.CaException;
import ukey.app.renewal.RenewalError;
import ukey.app.renewal.RenewalException;
import ukey.app.i18n.Language;
import ukey.token.LibraryDefect;
import ukey.token.LibraryHeader;
import ukey.app.i18n.Texts;
import ukey.cert.CertificateParseException;
import ukey.token.PinState;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * The one place that turns errors into words: for every {@link TokenError} and {@link AppError} a title, the
 * likely causes and what to do next, in the user's language. The CLI and the window both show these.
 *
 * <p>Keys: {@code token.<error>.title}, {@code token.<error>.cause.1..n}, {@code token.<error>.action.1..n}
 * (and {@code app.<error>.*}), plus the {@link #COMMON_KEYS}.
 */
public final class ErrorPresenter {

    public static final String BUNDLE = "ukey.app.errors.errors";

    /** The keys used beside the per-error groups. */
    public static final List<String> COMMON_KEYS = Stream.of(Stream.of(
            "presenter.error", "presenter.causes", "presenter.actions", "presenter.detail",
            "pin_state.count_low", "pin_state.final_try", "pin_state.locked", "pin_state.unknown",
            "pin_state.retries_left",
            "pin_state.length", "ca.said"), Stream.of(LibraryDefect.Kind.values()).map(ErrorPresenter::libraryKey),
            Stream.of(CertificateParseException.Problem.values()).map(ErrorPresenter::certificateProblemKey))
            .flatMap(keys -> keys).toList();

    /**
     * The CA error codes worded here (docs/renewal-api.md and the connectors' own); any other code is shown as
     * {@code ca.other} with the CA's own message.
     */
    public static final List<String> CA_CODES = List.of("renewal_window_not_open", "no_approved_order",
            "cert_expired", "cert_revoked", "cert_superseded", "cert_not_renewable", "key_reuse_forbidden",
            "challenge_failed", "challenge_expired", "rate_limited", "unavailable", "network", "untrusted_tls", "untrusted_ca",
            "bad_response", "still_processing", "other");

    private final ResourceBundle bundle;
    private final Language language;

    public ErrorPresenter(Language language) {
        this.bundle = Bundles.load(BUNDLE, language);
        this.language = language;
    }

    public static String group(TokenError error) {
        return "token." + error.name().toLowerCase(Locale.ROOT);
    }

    public static String group(AppError error) {
        return "app." + error.name().toLowerCase(Locale.ROOT);
    }

    public static String group(RenewalError error) {
        return "renewal." + error.name().toLowerCase(Locale.ROOT);
    }

    public static String caGroup(String code) {
        return "ca." + (CA_CODES.contains(code) ? code : "other");
    }

    public ErrorMessage present(Throwable error) {
        return switch (error) {
            case RenewalException e when e.getCause() instanceof CaException ca -> present(ca);
            case RenewalException e when e.getCause() instanceof TokenException token ->
                    present(group(e.error()), List.of(), pinNotes(token.error(), token.pinState()), tokenDetail(token));
            case RenewalException e -> present(group(e.error()), List.of(), List.of(), Optional.ofNullable(e.getMessage()));
            case CaException e -> presentCa(e);
            case TokenException e -> present(group(e.error()), List.of(), pinNotes(e.error(), e.pinState()),
                    tokenDetail(e));
            case AppException e -> present(group(e.error()), e.arguments(), appPinNotes(e),
                    Optional.ofNullable(e.getCause()).map(ErrorPresenter::describe));
            default -> present(group(AppError.UNEXPECTED), List.of(), List.of(), Optional.of(describe(error)));
        };
    }

    /** A library that did not load, with what is wrong with its file (when discovery knew) as the first note. */
    public ErrorMessage present(TokenException error, Optional<LibraryDefect> defect) {
        ErrorMessage message = present(error);
        if (defect.isEmpty()) {
            return message;
        }
        List<String> notes = new ArrayList<>(List.of(libraryDefect(defect.get())));
        notes.addAll(message.notes());
        return new ErrorMessage(message.title(), notes, message.causes(), message.actions(), message.detail());
    }

    /** What is wrong with a library's file, in words: "a 32-bit library (x86), but this client is 64-bit...". */
    public String libraryDefect(LibraryDefect defect) {
        List<Object> arguments = List.of(defect.library().map(LibraryHeader.Arch::bits).orElse(0),
                defect.library().map(LibraryHeader.Arch::label).orElse("?"),
                defect.java().map(LibraryHeader.Arch::bits).orElse(0),
                defect.java().map(LibraryHeader.Arch::label).orElse("?"));
        return text(libraryKey(defect.kind()), arguments);
    }

    private static String libraryKey(LibraryDefect.Kind kind) {
        return "library." + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Why a certificate's bytes do not parse, in words: "the certificate is incomplete (cut short)". */
    public String certificateProblem(CertificateParseException.Problem problem) {
        return text(certificateProblemKey(problem), List.of());
    }

    private static String certificateProblemKey(CertificateParseException.Problem problem) {
        return "certificate_problem." + problem.name().toLowerCase(Locale.ROOT);
    }

    /** What a CA said: our words for its code, its own words as a note, in the user's language. */
    private ErrorMessage presentCa(CaException e) {
        String group = caGroup(e.code());
        Map<String, String> named = e.arguments();
        Optional<String> said = language == Language.EN ? e.messageEn().or(e::messageZh)
                : e.messageZh().or(e::messageEn);
        List<String> notes = said.map(text -> List.of(text("ca.said", List.of(text)))).orElse(List.of());
        return new ErrorMessage(named(text(group + ".title", List.of()), named), notes,
                numbered(group + ".cause.", List.of()).stream().map(line -> named(line, named)).toList(),
                numbered(group + ".action.", List.of()).stream().map(line -> named(line, named)).toList(),
                Optional.ofNullable(e.getMessage()));
    }

    private static String named(String text, Map<String, String> arguments) {
        return Texts.fill(text, arguments);
    }

    /** The message as plain text lines, for a terminal or a log. */
    public String render(ErrorMessage message) {
        StringBuilder text = new StringBuilder(text("presenter.error", List.of(message.title()))).append('\n');
        message.notes().forEach(note -> text.append(note).append('\n'));
        text.append(text("presenter.causes", List.of())).append('\n');
        message.causes().forEach(cause -> text.append("  - ").append(cause).append('\n'));
        text.append(text("presenter.actions", List.of())).append('\n');
        message.actions().forEach(action -> text.append("  - ").append(action).append('\n'));
        message.detail().ifPresent(detail -> text.append(text("presenter.detail", List.of(detail))).append('\n'));
        return text.toString();
    }

    /** An error in the user's words as one block of text (title, notes, causes, what to do, detail). */
    public String text(Throwable error) {
        return render(present(error)).strip();
    }

    /** What the token says about the PIN concerned, in words: with the tries left where the key counts them. */
    public String pinStateNote(PinState state) {
        if (state.locked()) {
            return text("pin_state.locked", List.of());
        } else if (state.finalTry()) {
            return text("pin_state.final_try", List.of());
        } else if (state.retriesLeft().isPresent()) {
            return text("pin_state.retries_left", List.of(state.retriesLeft().getAsInt()));
        } else if (state.countLow()) {
            return text("pin_state.count_low", List.of());
        }
        return text("pin_state.unknown", List.of());
    }

    private ErrorMessage present(String group, List<Object> arguments, List<String> notes, Optional<String> detail) {
        return new ErrorMessage(text(group + ".title", arguments), notes, numbered(group + ".cause.", arguments),
                numbered(group + ".action.", arguments), detail);
    }

    private List<String> pinNotes(TokenError error, Optional<PinState> state) {
        if (state.isEmpty()) {
            return List.of();
        }
        return switch (error) {
            case PIN_INCORRECT -> List.of(pinStateNote(state.get()));
            case PIN_LEN_RANGE -> List.of(lengthNote(state.get()));
            default -> List.of();
        };
    }

    private List<String> appPinNotes(AppException e) {
        if (e.pinState().isEmpty()) {
            return List.of();
        }
        return e.error() == AppError.SO_PIN_INCORRECT ? List.of(pinStateNote(e.pinState().get())) : List.of();
    }

    private String lengthNote(PinState state) {
        String max = state.maxLength() > 0 ? String.valueOf(state.maxLength()) : "∞";
        return text("pin_state.length", List.of(state.minLength(), max));
    }

    private List<String> numbered(String prefix, List<Object> arguments) {
        List<String> lines = new ArrayList<>();
        for (int n = 1; bundle.containsKey(prefix + n); n++) {
            lines.add(text(prefix + n, arguments));
        }
        return lines;
    }

    private String text(String key, List<Object> arguments) {
        return Texts.fill(bundle.getString(key), arguments);
    }

    private static Optional<String> tokenDetail(TokenException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String detail = e.ckrName().filter(name -> !message.contains(name))
                .map(name -> message.isEmpty() ? name : name + ": " + message).orElse(message);
        return Optional.of(detail).filter(text -> !text.isEmpty());
    }

    private static String describe(Throwable error) {
        return error instanceof TokenException e ? tokenDetail(e).orElse(e.error().name()) : error.toString();
    }
}
