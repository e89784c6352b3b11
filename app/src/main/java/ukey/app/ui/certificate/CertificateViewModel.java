package ukey.app.ui.certificate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import ukey.app.errors.ErrorPresenter;
import ukey.app.tokens.CertificateSummary;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.CertificateWords;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.cert.CertificateInfo.Detail;
import ukey.cert.CertificateInfo;
import ukey.cert.CertificatePart;
import ukey.token.KeyHalf;

/** 查看证书: the key's certificates, each with its General, Details and Chain views; copy and export. */
public final class CertificateViewModel {

    /** The names of a certificate's parts, for the Details tab. */
    static final String PART_NAMES = "ukey.app.ui.certificate.fields";

    /** One row of the General or Details tab: a name in the user's language and the value. */
    public record Row(String name, String value) {
    }

    /** How a certificate is written to a file. */
    public enum Format {
        PEM, DER
    }

    private final KeyCard key;
    private final Background background;
    private final I18n i18n;
    private final ErrorPresenter errors;

    private final ObservableList<CertificateSummary> certificates = FXCollections.observableArrayList();
    private final ObjectProperty<CertificateSummary> selected = new SimpleObjectProperty<>(this, "selected");
    private final ResourceBundle partNames;
    private final ObservableList<Row> general = FXCollections.observableArrayList();
    private final ObservableList<Row> details = FXCollections.observableArrayList();
    private final ObservableList<String> chain = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    /** The certificates' status is the key's, as read against the clock and the renewal window. */
    public CertificateViewModel(KeyCard key, Background background, I18n i18n, ErrorPresenter errors) {
        this.key = key;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        this.partNames = I18n.load(PART_NAMES, i18n.language());
        certificates.setAll(key.certificates());
        selected.addListener((observable, before, now) -> describe(now));
        selected.set(preferred());
    }

    /** The key's own certificate when the panel shows one, else the first. */
    private CertificateSummary preferred() {
        return key.main().flatMap(main -> certificates.stream().filter(main::sameAs).findFirst())
                .orElse(certificates.isEmpty() ? null : certificates.getFirst());
    }

    /**
     * How a certificate is named in the chooser: owner and label, or why it cannot be read; a container's
     * certificates also by what they are for (签名证书, 加密证书).
     */
    public String name(CertificateSummary certificate) {
        String label = certificate.container().isEmpty() ? certificate.label()
                : i18n.format("certificate.inContainer", certificate.label(), usage(certificate.usage()));
        return certificate.info().map(info -> i18n.format("certificate.name", info.owner(), label))
                .orElse(i18n.format("certificate.unreadableName", label));
    }

    private String usage(KeyHalf.Usage usage) {
        return i18n.tr(usage == KeyHalf.Usage.SIGN ? "certificate.usage.sign" : "certificate.usage.encrypt");
    }

    private void describe(CertificateSummary certificate) {
        general.clear();
        details.clear();
        chain.clear();
        message.set("");
        if (certificate == null) {
            return;
        }
        Optional<CertificateInfo> info = certificate.info();
        if (info.isEmpty()) {
            message.set(i18n.format("certificate.unreadable", certificate.half().problem()
                    .map(p -> errors.certificateProblem(p.reason())).orElse("")));
            details.setAll(new Row(i18n.tr("certificate.field.raw"),
                    Base64.getMimeEncoder().encodeToString(certificate.value())));
            return;
        }
        general.setAll(general(certificate, info.get()));
        details.setAll(info.get().details().stream().map(this::row).toList());
        chain.setAll(chain(info.get()));
    }

    private List<Row> general(CertificateSummary summary, CertificateInfo info) {
        List<Row> fields = new ArrayList<>();
        if (summary.container().isPresent()) {
            fields.add(new Row(i18n.tr("certificate.field.usage"), usage(summary.usage())));
            fields.add(new Row(i18n.tr("certificate.field.container"), summary.label()));
        }
        fields.add(new Row(i18n.tr("main.panel.owner"), info.owner()));
        fields.add(new Row(i18n.tr("certificate.field.subject"), info.subject()));
        fields.add(new Row(i18n.tr("certificate.field.issuer"), info.issuer()));
        fields.add(new Row(i18n.tr("main.panel.validity"), CertificateWords.validity(i18n, info)));
        fields.add(new Row(i18n.tr("main.panel.status"), CertificateWords.status(i18n, summary)));
        fields.add(new Row(i18n.tr("certificate.field.serial"), info.serialHex()));
        fields.add(new Row(i18n.tr("certificate.field.publicKey"), info.keyAlgorithm()));
        fields.add(new Row(i18n.tr("certificate.field.signatureAlgorithm"), info.signatureAlgorithm()));
        fields.add(new Row(i18n.tr("certificate.field.keyUsage"), info.hasKeyUsage()
                ? String.join(", ", info.keyUsage()) : i18n.tr("certificate.field.anyUsage")));
        if (!info.extendedKeyUsage().isEmpty()) {
            fields.add(new Row(i18n.tr("certificate.field.extendedKeyUsage"),
                    String.join(", ", info.extendedKeyUsage())));
        }
        fields.add(new Row(i18n.tr("certificate.field.sha256"), info.sha256()));
        fields.add(new Row(i18n.tr("certificate.field.sha1"), info.sha1()));
        return fields;
    }

    /** A part of the certificate named in the user's language (an extension without a name by its OID). */
    private Row row(Detail detail) {
        String name = detail.part() == CertificatePart.EXTENSION ? detail.oid().orElse("")
                : partNames.getString(detail.part().name());
        return new Row(name + (detail.critical() ? partNames.getString("critical") : ""), detail.value());
    }

    /** From the certificate up through the issuers found on the key; names compared by value. */
    private List<String> chain(CertificateInfo start) {
        List<String> links = new ArrayList<>();
        List<CertificateInfo> others = key.certificates().stream().flatMap(c -> c.info().stream()).toList();
        CertificateInfo current = start;
        for (int depth = 0; depth < 10; depth++) {
            links.add(current.subject());
            if (CertificateInfo.sameName(current.subjectName(), current.issuerName())) {
                links.add(i18n.tr("certificate.chain.root"));
                return links;
            }
            CertificateInfo child = current;
            Optional<CertificateInfo> issuer = others.stream().filter(other -> !other.equals(child)
                    && CertificateInfo.sameName(other.subjectName(), child.issuerName())).findFirst();
            if (issuer.isEmpty()) {
                links.add(i18n.format("certificate.chain.missing", current.issuer()));
                return links;
            }
            current = issuer.get();
        }
        return links;
    }

    /** A file name for export: the owner (or label) and the format's extension. */
    public String suggestedFileName(Format format) {
        CertificateSummary certificate = selected.get();
        String base = certificate == null ? "certificate" : certificate.info().map(CertificateInfo::owner)
                .orElse(certificate.label());
        return base.replaceAll("[\\\\/:*?\"<>|]", "_") + (format == Format.PEM ? ".pem" : ".cer");
    }

    /** Writes the selected certificate to a file in the background. */
    public void export(Path file, Format format) {
        CertificateSummary certificate = selected.get();
        if (certificate == null) {
            return;
        }
        busy.set(true);
        background.run(() -> Files.write(file, encode(certificate.value(), format)))
                .onSuccess(written -> message.set(i18n.format("certificate.exported", file.toString())))
                .onError(error -> message.set(errors.text(error)))
                .andFinally(() -> busy.set(false))
                .start();
    }

    static byte[] encode(byte[] der, Format format) {
        if (format == Format.DER) {
            return der.clone();
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public ObservableList<CertificateSummary> certificates() {
        return certificates;
    }

    public ObjectProperty<CertificateSummary> selectedProperty() {
        return selected;
    }

    public ObservableList<Row> general() {
        return general;
    }

    public ObservableList<Row> details() {
        return details;
    }

    public ObservableList<String> chain() {
        return chain;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public String keyName() {
        return key.info().label();
    }
}
