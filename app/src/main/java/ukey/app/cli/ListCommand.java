package ukey.app.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ukey.app.errors.AppException;
import ukey.app.tokens.CertificateSummary;
import ukey.app.tokens.FoundToken;
import ukey.app.tokens.TokenService;
import ukey.cert.CertificateInfo;
import ukey.token.PinState;
import ukey.token.TokenException;

/**
 * {@code ukey list [--json]}: the inserted tokens and their certificates. With no token inserted the list is empty
 * (exit 0); a library or token that fails is reported on stderr while the others are listed.
 */
final class ListCommand {

    private static final int FINGERPRINT_SHOWN = 16;

    private final Invocation run;
    private final Messages messages;

    ListCommand(Invocation run) {
        this.run = run;
        this.messages = run.messages();
    }

    int run() throws AppException, TokenException, CliExit {
        try (TokenService service = run.openTokens()) {
            List<FoundToken> tokens = run.chosenTokens(service);
            List<Listed> listed = new ArrayList<>();
            for (FoundToken token : tokens) {
                run.certificates(token).ifPresent(certificates -> listed.add(new Listed(token, certificates)));
            }
            if (run.arguments().json()) {
                run.out().println(TokenJson.tokens(listed.stream()
                        .map(l -> new TokenJson.Listed(l.token().info(), l.certificates())).toList(), run.presenter()));
            } else {
                printTable(listed);
            }
            return ExitCodes.OK;
        }
    }

    private void printTable(List<Listed> listed) {
        if (listed.isEmpty()) {
            run.out().println(messages.get("list.no_tokens"));
            return;
        }
        ZoneId zone = run.context().clock().getZone();
        for (Listed entry : listed) {
            var info = entry.token().info();
            run.out().println(messages.get("list.token", info.label(), info.serial()));
            run.out().println(messages.get("list.token.details", info.manufacturer(), info.model(), info.library()));
            run.out().println(messages.get("list.pin", pinText(messages, info.userPin())));
            if (entry.certificates().isEmpty()) {
                run.out().println(messages.get("list.no_certificates"));
            } else {
                TextTable table = new TextTable().row(messages.get("list.column.owner"),
                        messages.get("list.column.serial"), messages.get("list.column.valid_until"),
                        messages.get("list.column.status"), messages.get("list.column.fingerprint"));
                for (CertificateSummary certificate : entry.certificates()) {
                    Optional<CertificateInfo> parsed = certificate.info();
                    table.row(parsed.map(CertificateInfo::owner).orElse("—"),
                            parsed.map(i -> i.serialHex()).orElse("—"),
                            parsed.map(i -> LocalDate.ofInstant(i.notAfter(), zone).toString()).orElse("—"),
                            statusText(messages, certificate),
                            certificate.sha256().substring(0, FINGERPRINT_SHOWN));
                }
                run.out().print(table.render("  "));
                for (CertificateSummary certificate : entry.certificates()) {
                    if (certificate.status().isEmpty()) {
                        run.out().println(messages.get("list.unreadable", certificate.certificate().label(),
                                certificate.certificate().idHex(),
                                certificate.certificate().error()
                                        .map(e -> run.presenter().certificateProblem(e.problem())).orElse("")));
                    }
                }
            }
            run.out().println();
        }
        run.out().println(messages.get("list.show_hint"));
    }

    /** The PIN state in words: "normal", or each flag the token sets. */
    static String pinText(Messages messages, PinState pin) {
        List<String> parts = new ArrayList<>();
        if (pin.locked()) {
            parts.add(messages.get("pin.locked"));
        } else if (pin.finalTry()) {
            parts.add(messages.get("pin.final_try"));
        } else if (pin.countLow()) {
            parts.add(messages.get("pin.count_low"));
        }
        if (pin.toBeChanged()) {
            parts.add(messages.get("pin.to_be_changed"));
        }
        return parts.isEmpty() ? messages.get("pin.ok") : String.join(messages.get("pin.separator"), parts);
    }

    /** "valid, 200 days left", "expired 3 days ago", "unreadable", ... */
    static String statusText(Messages messages, CertificateSummary certificate) {
        if (certificate.status().isEmpty()) {
            return messages.get("status.unreadable");
        }
        long days = certificate.daysLeft().orElse(0L);
        return switch (certificate.status().get()) {
            case VALID -> messages.get("status.valid", days);
            case EXPIRING -> messages.get("status.expiring", days);
            case EXPIRED -> messages.get("status.expired", Math.abs(days));
            case NOT_YET_VALID -> messages.get("status.not_yet_valid");
        };
    }

    private record Listed(FoundToken token, List<CertificateSummary> certificates) {
    }
}
