package ukey.app.cli;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import ukey.app.errors.AppError;
import ukey.app.errors.AppException;
import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.TokenService;
import ukey.cert.CertificateInfo;
import ukey.token.TokenException;

/**
 * {@code ukey show ID [--pem|--json]}: one certificate, found by its identity's id (PKCS#11: the CKA_ID in hex; SKF:
 * application/container, where the signing certificate is the one shown) or a prefix of its SHA-256 fingerprint,
 * on the chosen token or on any inserted token.
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
                run.out().print(pem(match.certificate().value()));
            } else if (run.arguments().json()) {
                run.out().println(TokenJson.certificateDetails(match.certificate(), match.token().info(),
                        run.presenter()));
            } else {
                printDetails(match);
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The one certificate whose identity's id is {@code wanted} (the signing one of a container), else whose SHA-256
     * starts with it.
     */
    private Match find(List<FoundToken> tokens, String wanted) throws AppException {
        // IDs and fingerprints are lower-case hex; people paste them with colons, spaces or capitals
        String hex = wanted.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        List<Match> byId = new ArrayList<>();
        List<Match> byFingerprint = new ArrayList<>();
        for (FoundToken token : tokens) {
            for (CertificateSummary certificate : run.certificates(token).orElse(List.of())) {
                if (certificate.id().equals(wanted.strip()) || certificate.id().equals(hex)) {
                    byId.add(new Match(token, certificate));
                } else if (!hex.isEmpty() && certificate.sha256().startsWith(hex)) {
                    byFingerprint.add(new Match(token, certificate));
                }
            }
        }
        List<Match> matches = byId.isEmpty() ? byFingerprint : oneContainer(byId);
        if (matches.isEmpty()) {
            throw new AppException(AppError.CERTIFICATE_NOT_FOUND, wanted);
        }
        if (matches.size() > 1) {
            throw new AppException(AppError.CERTIFICATE_AMBIGUOUS, wanted, String.join(", ", matches.stream()
                    .map(m -> m.certificate().label() + " @ " + m.token().describe() + " "
                            + m.certificate().sha256().substring(0, 16)).toList()));
        }
        return matches.getFirst();
    }

    /** The halves of one container named by its id: its signing certificate (listed first). */
    private static List<Match> oneContainer(List<Match> byId) {
        Match first = byId.getFirst();
        boolean sameContainer = first.certificate().container().isPresent() && byId.stream().allMatch(m ->
                m.token() == first.token() && m.certificate().identity() == first.certificate().identity());
        return sameContainer ? List.of(first) : byId;
    }

    private void printDetails(Match match) throws AppException {
        CertificateSummary certificate = match.certificate();
        if (certificate.info().isEmpty()) {
            throw new AppException(AppError.CERTIFICATE_UNREADABLE, certificate.half().problem()
                    .map(p -> run.presenter().certificateProblem(p.reason())).orElse("unreadable"));
        }
        CertificateInfo info = certificate.info().get();
        ZoneId zone = run.context().clock().getZone();
        TextTable table = new TextTable()
                .row(messages.get("show.token"), match.token().describe())
                .row(messages.get("show.label"), certificate.label())
                .row(messages.get("show.id"), certificate.id())
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
                .row(messages.get("show.private_key"), messages.get(certificate.hasPrivateKey()
                        ? "show.private_key.yes" : "show.private_key.no"))
                .row(messages.get("show.sha256"), certificate.sha256())
                .row(messages.get("show.sha1"), info.sha1());
        if (certificate.container().isPresent()) {
            table.row(messages.get("show.container"), certificate.container().get())
                    .row(messages.get("show.usage"), ListCommand.usageText(messages, certificate.usage()));
        }
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
