package ukey.app.ui.main;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableObjectValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.renewal.CaConnector;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.cert.CertificateInfo;

/**
 * The side panel's seal (签章) line: the validity of the first seal to expire, asked of the CA in the background
 * once per certificate (a renewal makes a new one) and shown only while the same key is selected.
 */
final class SealLine {

    private static final Logger LOG = LoggerFactory.getLogger(SealLine.class);

    private final Background background;
    private final I18n i18n;
    private final ObservableObjectValue<KeyCard> selected;
    private final StringProperty text = new SimpleStringProperty(this, "seal", "");
    private MainViewModel.SealSource seals = certificate -> List.of();
    /** Seal lines already asked of the CA, by certificate fingerprint. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    SealLine(Background background, I18n i18n, ObservableObjectValue<KeyCard> selected) {
        this.background = background;
        this.i18n = i18n;
        this.selected = selected;
    }

    void from(MainViewModel.SealSource source) {
        this.seals = source;
    }

    void clear() {
        text.set("");
    }

    /** The seal line of the key's certificate: at once when it is known, else once the CA has answered. */
    void describe(KeyCard card, CertificateInfo certificate) {
        String line = known.get(certificate.sha256());
        if (line != null) {
            text.set(line);
            return;
        }
        background.run(() -> seals.seals(certificate))
                .onSuccess(found -> {
                    String first = found.stream().min(Comparator.comparing(CaConnector.Seal::notAfter))
                            .map(seal -> i18n.format("main.panel.sealValue", i18n.date(seal.notAfter()),
                                    seal.name()))
                            .orElse("");
                    known.put(certificate.sha256(), first);
                    if (card.equals(selected.get())) {
                        text.set(first);
                    }
                })
                .onError(error -> LOG.info("the CA's seals could not be read: {}", error.toString()))
                .start();
    }

    ReadOnlyStringProperty property() {
        return text;
    }
}
