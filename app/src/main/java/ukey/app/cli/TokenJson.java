package ukey.app.cli;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ukey.app.errors.ErrorPresenter;
import ukey.app.tokens.CertificateSummary;
import ukey.cert.CertificateInfo;
import ukey.cert.CertificateParseException;
import ukey.token.PinState;
import ukey.token.TokenInfo;

/**
 * The JSON of {@code list --json} and {@code show --json}. IT scripts depend on this shape: every field is always
 * present (null when unknown), except "error" and "errorCode", which only unreadable certificates have: why, in
 * the user's language, and as a stable code.
 */
final class TokenJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenJson() {
    }

    static ObjectNode tokens(List<ObjectNode> tokens) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("tokens");
        tokens.forEach(array::add);
        return root;
    }

    static ObjectNode token(TokenInfo info, List<CertificateSummary> certificates, ErrorPresenter words) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("label", info.label());
        node.put("manufacturer", info.manufacturer());
        node.put("model", info.model());
        node.put("serial", info.serial());
        node.put("library", info.library());
        PinState pin = info.userPin();
        ObjectNode pinNode = node.putObject("pin");
        pinNode.put("countLow", pin.countLow());
        pinNode.put("finalTry", pin.finalTry());
        pinNode.put("locked", pin.locked());
        pinNode.put("toBeChanged", pin.toBeChanged());
        pinNode.put("minLength", pin.minLength());
        pinNode.put("maxLength", pin.maxLength());
        ArrayNode array = node.putArray("certificates");
        certificates.forEach(c -> array.add(certificate(c, words)));
        return node;
    }

    static ObjectNode certificate(CertificateSummary summary, ErrorPresenter words) {
        ObjectNode node = MAPPER.createObjectNode();
        Optional<CertificateInfo> info = summary.info();
        node.put("id", summary.certificate().idHex());
        node.put("label", summary.certificate().label());
        node.put("owner", info.map(CertificateInfo::owner).orElse(null));
        node.put("subject", info.map(CertificateInfo::subject).orElse(null));
        node.put("issuer", info.map(CertificateInfo::issuer).orElse(null));
        node.put("serial", info.map(i -> i.serialHex()).orElse(null));
        node.put("notBefore", info.map(i -> i.notBefore().toString()).orElse(null));
        node.put("notAfter", info.map(i -> i.notAfter().toString()).orElse(null));
        node.put("status", summary.statusName());
        node.put("daysLeft", summary.daysLeft().orElse(null));
        node.put("keyAlgorithm", info.map(CertificateInfo::keyAlgorithm).orElse(null));
        node.put("hasPrivateKey", summary.certificate().hasPrivateKey());
        node.put("sha256", summary.sha256());
        if (summary.status().isEmpty()) {
            Optional<CertificateParseException.Problem> problem =
                    summary.certificate().error().map(CertificateParseException::problem);
            node.put("error", problem.map(words::certificateProblem).orElse("unreadable"));
            node.put("errorCode", problem.map(Enum::name).orElse(null));
        }
        return node;
    }

    /** {@code show --json}: the certificate as in the list, with the details only {@code show} gives. */
    static ObjectNode certificateDetails(CertificateSummary summary, TokenInfo token, ErrorPresenter words) {
        ObjectNode node = certificate(summary, words);
        node.put("tokenSerial", token.serial());
        node.put("tokenLabel", token.label());
        summary.info().ifPresent(info -> {
            node.put("signatureAlgorithm", info.signatureAlgorithm());
            node.put("sha1", info.sha1());
            info.keyUsage().forEach(node.putArray("keyUsage")::add);
            info.extendedKeyUsage().forEach(node.putArray("extendedKeyUsage")::add);
        });
        return node;
    }

    static String write(ObjectNode node) {
        return node.toPrettyString();
    }
}
