package ukey.app.cli;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.TokenService;
import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.token.TokenException;

/**
 * {@code ukey show ID [--pem|--json]}: one certificate, found by its CKA_ID (hex) or a prefix of its SHA-256
 * fingerprint, on the chosen token or on any inserted token.
 */
final class ShowCommand {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Invocation run;
    private final Messages messages;

    ShowCommand(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    int run() throws AppException, TokenException, CliExit {
        String wanted = run.arguments().operands().getFirst();
        try (TokenService service = run.openTokens()) {
            List<FoundToken> tokens = run.chosenTokens(service);
            Match match = find(tokens, wanted);
            if (run.arguments().pem()) {
                run.out().print(pem(match.certificate().certificate().value()));
            } else if (run.arguments().json()) {
                run.out().println(TokenJson.certificateDetails(match.certificate(), match.token().info(),
                        run.presenter()));
            } else {
                printDetails(match);
            }
            return ExitCodes.OK;
        }
    }

    /** The one certificate whose CKA_ID is {@code wanted}, else whose SHA-256 starts with it. */
    private Match find(List<FoundToken> tokens, String wanted) throws AppException {
        // IDs and fingerprints are lower-case hex; people paste them with colons, spaces or capitals
        String hex = wanted.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        List<Match> byId = new ArrayList<>();
        List<Match> byFingerprint = new ArrayList<>();
        for (FoundToken token : tokens) {
            for (CertificateSummary certificate : run.certificates(token).orElse(List.of())) {
                if (certificate.certificate().idHex().equals(hex)) {
                    byId.add(new Match(token, certificate));
                } else if (!hex.isEmpty() && certificate.sha256().startsWith(hex)) {
                    byFingerprint.add(new Match(token, certificate));
                }
            }
        }
        List<Match> matches = byId.isEmpty() ? byFingerprint : byId;
        if (matches.isEmpty()) {
            throw new AppException(AppError.CERTIFICATE_NOT_FOUND, wanted);
        }
        if (matches.size() > 1) {
            throw new AppException(AppError.CERTIFICATE_AMBIGUOUS, wanted, String.join(", ", matches.stream()
                    .map(m -> m.certificate().certificate().label() + " @ " + m.token().describe() + " "
                            + m.certificate().sha256().substring(0, 16)).toList()));
        }
        return matches.getFirst();
    }

    private void printDetails(Match match) throws AppException {
        CertificateSummary certificate = match.certificate();
        if (certificate.info().isEmpty()) {
            Optional<CertificateParseException> error = certificate.certificate().error();
            throw new AppException(AppError.CERTIFICATE_UNREADABLE, error.orElse(null), null,
                    error.map(e -> run.presenter().certificateProblem(e.problem())).orElse("unreadable"));
        }
        CertificateInfo info = certificate.info().get();
        ZoneId zone = run.context().clock().getZone();
        TextTable table = new TextTable()
                .row(messages.get("show.token"), match.token().describe())
                .row(messages.get("show.label"), certificate.certificate().label())
                .row(messages.get("show.id"), certificate.certificate().idHex())
                .row(messages.get("show.owner"), info.owner())
                .row(messages.get("show.subject"), info.subject())
                .row(messages.get("show.issuer"), info.issuer())
                .row(messages.get("show.serial"), info.serialHex())
                .row(messages.get("show.valid_from"), LocalDateTime.ofInstant(info.notBefore(), zone).format(DATE_TIME))
                .row(messages.get("show.valid_until"), LocalDateTime.ofInstant(info.notAfter(), zone).format(DATE_TIME))
                .row(messages.get("show.status"), ListCommand.statusText(messages, certificate))
                .row(messages.get("show.key_algorithm"), info.keyAlgorithm())
                .row(messages.get("show.signature_algorithm"), info.signatureAlgorithm())
                .row(messages.get("show.key_usage"), joined(info.keyUsage()))
                .row(messages.get("show.extended_key_usage"), joined(info.extendedKeyUsage()))
                .row(messages.get("show.private_key"), messages.get(certificate.certificate().hasPrivateKey()
                        ? "show.private_key.yes" : "show.private_key.no"))
                .row(messages.get("show.sha256"), certificate.sha256())
                .row(messages.get("show.sha1"), info.sha1());
        run.out().print(table.render(""));
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? "—" : String.join(", ", values);
    }

    static String pem(byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    private record Match(FoundToken token, CertificateSummary certificate) {
    }
}
