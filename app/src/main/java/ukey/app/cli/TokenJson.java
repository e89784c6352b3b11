package ukey.app.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import ukey.app.errors.ErrorPresenter;
import ukey.app.tokens.CertificateSummary;
import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.token.KeyHalf;
import ukey.token.PinState;
import ukey.token.TokenInfo;

/**
 * The JSON of {@code list --json} and {@code show --json}. IT scripts depend on this shape: every field is always
 * present (null when unknown), except "error" and "errorCode", which only unreadable certificates have: why, in the
 * user's language (the words come from the {@link ErrorPresenter}), and as a stable code. Written with Jackson's
 * streaming generator: a command line that prints a few hundred bytes needs no object mapper (whose start-up
 * loads some 400 classes).
 */
final class TokenJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private TokenJson() {
    }

    /** {@code list --json}: {"tokens": [ token, ... ]}. */
    static String tokens(List<Listed> tokens, ErrorPresenter words) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("tokens");
            for (Listed listed : tokens) {
                token(json, listed.info(), listed.certificates(), words);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code show --json}: the certificate as in the list, with the details only {@code show} gives. */
    static String certificateDetails(CertificateSummary summary, TokenInfo token, ErrorPresenter words) {
        return write(json -> {
            json.writeStartObject();
            certificateFields(json, summary, words);
            json.writeStringField("tokenSerial", token.serial());
            json.writeStringField("tokenLabel", token.label());
            Optional<CertificateInfo> info = summary.info();
            if (info.isPresent()) {
                json.writeStringField("signatureAlgorithm", info.get().signatureAlgorithm());
                json.writeStringField("sha1", info.get().sha1());
                stringArray(json, "keyUsage", info.get().keyUsage());
                stringArray(json, "extendedKeyUsage", info.get().extendedKeyUsage());
            }
            json.writeEndObject();
        });
    }

    /** A token and its certificates, as {@code list} found them. */
    record Listed(TokenInfo info, List<CertificateSummary> certificates) {
    }

    private static void token(JsonGenerator json, TokenInfo info, List<CertificateSummary> certificates,
                              ErrorPresenter words) throws IOException {
        json.writeStartObject();
        json.writeStringField("label", info.label());
        json.writeStringField("manufacturer", info.manufacturer());
        json.writeStringField("model", info.model());
        json.writeStringField("serial", info.serial());
        json.writeStringField("library", info.library());
        PinState pin = info.userPin();
        json.writeObjectFieldStart("pin");
        json.writeBooleanField("countLow", pin.countLow());
        json.writeBooleanField("finalTry", pin.finalTry());
        json.writeBooleanField("locked", pin.locked());
        json.writeBooleanField("toBeChanged", pin.toBeChanged());
        json.writeNumberField("minLength", pin.minLength());
        json.writeNumberField("maxLength", pin.maxLength());
        number(json, "retriesLeft", pin.retriesLeft());
        number(json, "maxRetries", pin.maxRetries());
        json.writeEndObject();
        json.writeArrayFieldStart("certificates");
        for (CertificateSummary certificate : certificates) {
            json.writeStartObject();
            certificateFields(json, certificate, words);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void certificateFields(JsonGenerator json, CertificateSummary summary, ErrorPresenter words)
            throws IOException {
        Optional<CertificateInfo> info = summary.info();
        json.writeStringField("id", summary.id());
        json.writeStringField("label", summary.label());
        json.writeStringField("owner", field(info, CertificateInfo::owner));
        json.writeStringField("subject", field(info, CertificateInfo::subject));
        json.writeStringField("issuer", field(info, CertificateInfo::issuer));
        json.writeStringField("serial", field(info, CertificateInfo::serialHex));
        json.writeStringField("notBefore", field(info, i -> i.notBefore().toString()));
        json.writeStringField("notAfter", field(info, i -> i.notAfter().toString()));
        json.writeStringField("status", summary.statusName());
        json.writeFieldName("daysLeft");
        if (summary.daysLeft().isPresent()) {
            json.writeNumber(summary.daysLeft().get());
        } else {
            json.writeNull();
        }
        json.writeStringField("keyAlgorithm", field(info, CertificateInfo::keyAlgorithm));
        json.writeBooleanField("hasPrivateKey", summary.hasPrivateKey());
        json.writeStringField("sha256", summary.sha256());
        json.writeStringField("backend", summary.backend().wireName());
        json.writeStringField("container", summary.container().orElse(null));
        json.writeStringField("usage", summary.usage().wireName());
        if (summary.status().isEmpty()) {
            Optional<CertificateParseException.Problem> problem =
                    summary.half().problem().map(KeyHalf.CertificateProblem::reason);
            json.writeStringField("error", problem.map(words::certificateProblem).orElse("unreadable"));
            json.writeStringField("errorCode", problem.map(Enum::name).orElse(null));
        }
    }

    private static String field(Optional<CertificateInfo> info, Function<CertificateInfo, String> part) {
        return info.map(part).orElse(null);
    }

    private static void number(JsonGenerator json, String name, OptionalInt value) throws IOException {
        json.writeFieldName(name);
        if (value.isPresent()) {
            json.writeNumber(value.getAsInt());
        } else {
            json.writeNull();
        }
    }

    private static void stringArray(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** Indented as Jackson's default pretty printer does, the layout scripts have seen so far. */
    private static String write(Body body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
