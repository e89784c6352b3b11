package ukey.app.renewal.api;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

import ukey.app.renewal.CaException;

/** PEM in and out: the API carries certificates and requests as PEM text. */
public final class Pem {
    private Pem() {
    }

    static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static X509CertificateHolder certificate(String pem) throws CaException {
        List<X509CertificateHolder> certificates = certificates(pem);
        if (certificates.size() != 1) {
            throw CaException.badResponse("expected one PEM certificate, found " + certificates.size(), null);
        }
        return certificates.getFirst();
    }

    /** Every certificate in a PEM text; anything else in it is refused. */
    public static List<X509CertificateHolder> certificates(String pem) throws CaException {
        List<X509CertificateHolder> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder certificate)) {
                    throw CaException.badResponse("a PEM object that is not a certificate", null);
                }
                certificates.add(certificate);
            }
        } catch (IOException | RuntimeException e) {
            throw CaException.badResponse("unreadable PEM: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The certificates of a trust file (the sandbox's trust.pem, or IT's CA roots). */
    public static List<X509CertificateHolder> readFile(Path file) throws IOException {
        try {
            List<X509CertificateHolder> certificates = certificates(Files.readString(file));
            if (certificates.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return certificates;
        } catch (CaException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
