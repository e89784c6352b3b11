package ukey.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The `ca-sandbox` command line. The verbs and their options are used by scripts: keep them. */
public final class Main {

    static final String USAGE = """
            usage:
              ca-sandbox serve --dir DIR [--port N] [--ca-cert PEM --ca-key PEM] [--ca-algorithm ec|rsa|sm2]
                               [--window-days N] [--key-policy new|same-allowed] [--sms on|off] [--seal on|off]
                               [--poll-count N]
                  serves the renewal API on 127.0.0.1; prints its URL (also in DIR/url); DIR/trust.pem is the
                  PEM bundle the client trusts (TLS root + issuing CA)
              ca-sandbox order --dir DIR (--serial HEX | --cert PEM) [--approve] [--repair] [--phone N] [--close]
                               [--hostile-envelope none|other_key|certificate_mismatch|other_subject|garbage]
                  creates the certificate's renewal order (待审核), or moves its open one; prints the order
              ca-sandbox sms --dir DIR [--last] [--json]
                  prints the SMS outbox (--last: only the newest code)
              ca-sandbox issue --dir DIR (--csr PEM | --pubkey PEM) [--subject DN] [--days N] [--not-before ISO]
                               [--key-usage digitalSignature,keyEncipherment,...] [--out PEM]
                  issues a first certificate for a key (a token's); prints its serial and certId
              ca-sandbox revoke --dir DIR --serial HEX
              ca-sandbox settings --dir DIR [name=value ...]
                  prints DIR/settings.json after setting values, e.g. windowDays=60 faults.unavailable=2
            The admin verbs work while `serve` runs on the same DIR.
            """;

    private static final Set<String> FLAGS = Set.of("approve", "repair", "close", "last", "json");

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ukey/sandbox/ca-sandbox-logback.xml");
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 64 : 0;
        }
        try {
            Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
            options.allow(args[0], switch (args[0]) {
                case "serve" -> Set.of("port", "ca-cert", "ca-key", "ca-algorithm", "window-days", "key-policy", "sms",
                        "seal", "poll-count");
                case "order" -> Set.of("serial", "cert", "approve", "repair", "phone", "close", "hostile-envelope");
                case "sms" -> Set.of("last", "json");
                case "issue" -> Set.of("csr", "pubkey", "subject", "days", "not-before", "key-usage", "out");
                case "revoke" -> Set.of("serial");
                case "settings" -> Set.of();
                default -> throw new UsageException("unknown verb " + args[0]);
            });
            Path dir = Path.of(options.required("dir"));
            return switch (args[0]) {
                case "serve" -> serve(dir, options, out);
                case "order" -> print(out, SandboxCa.offline(dir, admin -> order(admin, options)));
                case "sms" -> sms(dir, options, out);
                case "issue" -> print(out, SandboxCa.offline(dir, admin -> issue(admin, options)));
                case "revoke" -> print(out, SandboxCa.offline(dir, admin -> admin.revoke(options.required("serial"))));
                case "settings" -> print(out, SandboxCa.offline(dir, admin ->
                        admin.replaceSettings(s -> apply(s, options.positional))));
                default -> throw new UsageException("unknown verb " + args[0]);
            };
        } catch (UsageException e) {
            err.println("ca-sandbox: " + e.getMessage() + " (`ca-sandbox help` lists the commands)");
            return 64;
        } catch (RuntimeException e) {
            err.println("ca-sandbox: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private static int serve(Path dir, Options options, PrintStream out) {
        SandboxSettings settings = SandboxSettings.in(dir).port(options.integer("port", 0));
        if (options.has("ca-cert") || options.has("ca-key")) {
            settings.caFrom(Path.of(options.required("ca-cert")), Path.of(options.required("ca-key")));
        }
        if (options.has("ca-algorithm")) {
            settings.caAlgorithm(SandboxSettings.CaAlgorithm.valueOf(
                    options.oneOf("ca-algorithm", "ec", "rsa", "sm2").toUpperCase(Locale.ROOT)));
        }
        if (options.has("window-days")) {
            settings.windowDays(options.integer("window-days", 30));
        }
        if (options.has("key-policy")) {
            settings.keyPolicy(KeyPolicy.parse(options.oneOf("key-policy", "new", "new-required", "same-allowed")));
        }
        if (options.has("sms")) {
            settings.sms(options.oneOf("sms", "on", "off").equals("on"));
        }
        if (options.has("seal")) {
            settings.sealService(options.oneOf("seal", "on", "off").equals("on"));
        }
        if (options.has("poll-count")) {
            settings.pollCount(options.integer("poll-count", 2));
        }
        SandboxCa ca;
        try {
            ca = SandboxCa.start(settings);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ca.close();
            stopped.countDown();
        }));
        out.println(ca.url());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static Object order(SandboxCa.Admin admin, Options options) {
        String serial;
        if (options.has("cert")) {
            serial = admin.register(Pem.certificate(Pem.read(Path.of(options.value("cert"))))).serial;
        } else {
            serial = options.value("serial");
        }
        if (serial == null) {
            throw new UsageException("order needs --serial HEX or --cert PEM");
        }
        if (options.has("close")) {
            return admin.close(serial);
        }
        Order order = admin.order(serial, options.has("approve"), options.has("repair"), options.value("phone"));
        if (options.has("hostile-envelope")) {
            return admin.hostileEnvelope(order.id, HostileEnvelope.parse(options.value("hostile-envelope")));
        }
        return order;
    }

    private static int sms(Path dir, Options options, PrintStream out) {
        List<SmsMessage> outbox = SandboxCa.offline(dir, SandboxCa.Admin::outbox);
        if (options.has("last")) {
            if (outbox.isEmpty()) {
                throw new IllegalStateException("the outbox is empty");
            }
            out.println(outbox.getLast().code);
        } else if (options.has("json")) {
            out.println(Json.prettyString(outbox));
        } else {
            for (SmsMessage message : outbox) {
                out.println(message.sentAt + "  " + message.phone + "  " + message.code + "  " + message.text);
            }
        }
        return 0;
    }

    private static Object issue(SandboxCa.Admin admin, Options options) {
        SubjectPublicKeyInfo key;
        String subject = options.value("subject");
        if (options.has("csr")) {
            PKCS10CertificationRequest csr = Pem.csr(Pem.read(Path.of(options.value("csr"))));
            if (!SignatureChecks.provesPossession(csr)) {
                throw new IllegalArgumentException("the CSR's signature does not verify with its key");
            }
            key = csr.getSubjectPublicKeyInfo();
            subject = subject != null ? subject : csr.getSubject().toString();
        } else if (options.has("pubkey")) {
            key = Pem.publicKey(Pem.read(Path.of(options.value("pubkey"))));
        } else {
            throw new UsageException("issue needs --csr PEM or --pubkey PEM");
        }
        if (subject == null || subject.isBlank()) {
            throw new UsageException("issue needs --subject DN (e.g. \"CN=张三,O=测试公司,C=CN\")");
        }
        Instant notBefore = options.has("not-before") ? instant(options.value("not-before")) : Instant.now();
        List<String> keyUsage = options.has("key-usage")
                ? Arrays.asList(options.value("key-usage").split(",")) : List.of();
        CertRecord record = admin.issue(key, subject, notBefore, options.integer("days", 365), keyUsage);
        if (options.has("out")) {
            try {
                Files.writeString(Path.of(options.value("out")), record.pem, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + options.value("out") + ": " + e.getMessage(), e);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("serial", record.serial);
        summary.put("certId", record.certId);
        summary.put("subject", record.subject);
        summary.put("notBefore", record.notBefore);
        summary.put("notAfter", record.notAfter);
        if (!options.has("out")) {
            summary.put("pem", record.pem);
        }
        return summary;
    }

    /** Sets name=value pairs (dotted names reach into faults); values are JSON where they parse, else text. */
    static Settings apply(Settings settings, List<String> assignments) {
        ObjectNode tree = Json.MAPPER.valueToTree(settings);
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("settings takes name=value, not " + assignment);
            }
            String[] path = assignment.substring(0, eq).split("\\.");
            String raw = assignment.substring(eq + 1);
            ObjectNode node = tree;
            for (int i = 0; i < path.length - 1; i++) {
                if (!(node.get(path[i]) instanceof ObjectNode child)) {
                    throw new UsageException("no setting " + assignment.substring(0, eq));
                }
                node = child;
            }
            String name = path[path.length - 1];
            if (!node.has(name)) {
                throw new UsageException("no setting " + assignment.substring(0, eq) + "; see DIR/settings.json");
            }
            JsonNode value;
            try {
                value = Json.MAPPER.readTree(raw);
            } catch (IOException e) {
                value = null;
            }
            node.set(name, value == null || value.isMissingNode() ? tree.textNode(raw) : value);
        }
        try {
            Settings changed = Json.MAPPER.treeToValue(tree, Settings.class);
            changed.validate();
            return changed;
        } catch (IOException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new UsageException("bad setting: " + cause.getMessage());
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw new UsageException("--not-before takes an ISO instant (2025-01-31T00:00:00Z) or date, not "
                        + text);
            }
        }
    }

    private static int print(PrintStream out, Object value) {
        out.println(Json.prettyString(value));
        return 0;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** --name value pairs, --flag switches, and bare name=value words. */
    static final class Options {
        private final Map<String, String> values = new HashMap<>();
        final List<String> positional = new ArrayList<>();

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    options.positional.add(arg);
                    continue;
                }
                String name = arg.substring(2);
                if (FLAGS.contains(name)) {
                    options.values.put(name, "true");
                } else if (i + 1 < args.length) {
                    options.values.put(name, args[++i]);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            }
            return options;
        }

        /** Refuses options the verb does not know (a typo must not pass silently), and words but for settings. */
        void allow(String verb, Set<String> known) {
            for (String name : values.keySet()) {
                if (!name.equals("dir") && !known.contains(name)) {
                    throw new UsageException(verb + " has no option --" + name);
                }
            }
            if (!verb.equals("settings") && !positional.isEmpty()) {
                throw new UsageException(verb + " takes no word " + positional.getFirst());
            }
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name) {
            return values.get(name);
        }

        String required(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new UsageException("--" + name + " is required");
            }
            return value;
        }

        int integer(String name, int fallback) {
            String value = values.get(name);
            try {
                return value == null ? fallback : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " takes a number, not " + value);
            }
        }

        String oneOf(String name, String... allowed) {
            String value = required(name);
            if (!Arrays.asList(allowed).contains(value)) {
                throw new UsageException("--" + name + " takes " + String.join(" or ", allowed) + ", not " + value);
            }
            return value;
        }
    }
}
