package ukey.app.ui.certificate;

/** One named value of a certificate, as shown and copied. */
public record Field(String name, String value) {
}
