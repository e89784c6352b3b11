package ukey.cert.gm;

import java.io.IOException;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;

/** Reading ASN.1 the strict way: exactly one object, definite lengths, nothing after it. */
final class Der {

    private Der() {
    }

    /** One definite-length ASN.1 object filling all the bytes (BER indefinite lengths and trailing bytes refused). */
    static ASN1Primitive definite(byte[] bytes) throws GmFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new GmFormatException(GmFormatError.NOT_DER, "no bytes");
        }
        try (ASN1InputStream in = new ASN1InputStream(bytes, true)) {
            ASN1Primitive primitive = in.readObject();
            if (primitive == null || in.available() > 0 || in.readObject() != null) {
                throw new GmFormatException(GmFormatError.NOT_DER, "bytes follow the ASN.1 structure");
            }
            if (primitive.getClass().getSimpleName().startsWith("BER")) {
                throw new GmFormatException(GmFormatError.NOT_DER, "indefinite-length (BER) encoding");
            }
            return primitive;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new GmFormatException(GmFormatError.NOT_DER, "unreadable ASN.1: " + e.getMessage(), e);
        }
    }

    /** One object whose bytes are exactly its DER encoding (no BER leniency anywhere inside). */
    static ASN1Primitive strict(byte[] bytes) throws GmFormatException {
        ASN1Primitive primitive = definite(bytes);
        requireDer(primitive, bytes);
        return primitive;
    }

    static void requireDer(ASN1Encodable object, byte[] original) throws GmFormatException {
        if (!Arrays.equals(encode(object), original)) {
            throw new GmFormatException(GmFormatError.NOT_DER, "the encoding is not DER");
        }
    }

    static byte[] encode(ASN1Encodable object) {
        try {
            return object.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
