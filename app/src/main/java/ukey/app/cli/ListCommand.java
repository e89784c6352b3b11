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
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.PinState;
import ukey.token.TokenException;

/**
 * {@code ukey list [--json]}: the inserted tokens and the certificates of every identity on them (an SKF container
 * gives its signing and its encryption certificate). With no token inserted the list is empty (exit 0); a library
 * or token that fails is reported on stderr while the others are listed.
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
            int window = run.settings().renewalWindowDays();
            for (FoundToken token : tokens) {
                run.identities(token).ifPresent(identities -> listed.add(new Listed(token, identities,
                        CertificateSummary.of(identities, run.context().clock().instant(), window))));
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
        for (Listed entry : listed) {
            var info = entry.token().info();
            run.out().println(messages.get("list.token", info.label(), info.serial()));
            run.out().println(messages.get("list.token.details", info.manufacturer(), info.model(), info.library()));
            run.out().println(messages.get("list.pin", pinText(messages, info.userPin())));
            if (entry.certificates().isEmpty()) {
                run.out().println(messages.get("list.no_certificates"));
            } else {
                run.out().print(table(entry.certificates()).render("  "));
                for (CertificateSummary certificate : entry.certificates()) {
                    if (certificate.status().isEmpty()) {
                        run.out().println(messages.get("list.unreadable", certificate.label(), certificate.id(),
                                certificate.half().problem()
                                        .map(p -> run.presenter().certificateProblem(p.reason())).orElse("")));
                    }
                }
            }
            for (Identity identity : entry.identities()) {
                if (identity.halves().stream().noneMatch(KeyHalf::hasCertificate)) {
                    run.out().println(messages.get(identity.empty() ? "list.empty_container" : "list.no_certificate",
                            identity.name()));
                }
            }
            run.out().println();
        }
        run.out().println(messages.get("list.show_hint"));
    }

    /** The certificates; keys with containers (SKF) also say each certificate's container and what it is for. */
    private TextTable table(List<CertificateSummary> certificates) {
        boolean containers = certificates.stream().anyMatch(c -> c.container().isPresent());
        ZoneId zone = run.context().clock().getZone();
        TextTable table = new TextTable();
        List<String> header = new ArrayList<>(List.of(messages.get("list.column.owner"),
                messages.get("list.column.serial"), messages.get("list.column.valid_until"),
                messages.get("list.column.status"), messages.get("list.column.fingerprint")));
        if (containers) {
            header.addAll(List.of(messages.get("list.column.container"), messages.get("list.column.usage")));
        }
        table.row(header.toArray(String[]::new));
        for (CertificateSummary certificate : certificates) {
            Optional<CertificateInfo> parsed = certificate.info();
            List<String> row = new ArrayList<>(List.of(parsed.map(CertificateInfo::owner).orElse("—"),
                    parsed.map(CertificateInfo::serialHex).orElse("—"),
                    parsed.map(i -> LocalDate.ofInstant(i.notAfter(), zone).toString()).orElse("—"),
                    statusText(messages, certificate), certificate.sha256().substring(0, FINGERPRINT_SHOWN)));
            if (containers) {
                row.addAll(List.of(certificate.container().orElse("—"), usageText(messages, certificate.usage())));
            }
            table.row(row.toArray(String[]::new));
        }
        return table;
    }

    static String usageText(Messages messages, KeyHalf.Usage usage) {
        return messages.get(usage == KeyHalf.Usage.SIGN ? "usage.sign" : "usage.encrypt");
    }

    /**
     * The PIN state in words: "normal", or each flag the token sets; where the key counts its tries (SKF), how
     * many are left. A PIN that must be changed (initial, or the CA's default after a reset) says so.
     */
    static String pinText(Messages messages, PinState pin) {
        List<String> parts = new ArrayList<>();
        if (pin.locked()) {
            parts.add(messages.get("pin.locked"));
        } else if (pin.finalTry()) {
            parts.add(messages.get("pin.final_try"));
        } else if (pin.countLow()) {
            parts.add(pin.retriesLeft().isPresent() ? messages.get("pin.count_low.counted",
                    pin.retriesLeft().getAsInt()) : messages.get("pin.count_low"));
        }
        if (pin.toBeChanged()) {
            parts.add(messages.get("pin.to_be_changed"));
        }
        if (parts.isEmpty()) {
            return pin.retriesLeft().isPresent() ? messages.get("pin.ok.counted", pin.retriesLeft().getAsInt())
                    : messages.get("pin.ok");
        }
        return String.join(messages.get("pin.separator"), parts);
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

    private record Listed(FoundToken token, List<Identity> identities, List<CertificateSummary> certificates) {
    }
}
