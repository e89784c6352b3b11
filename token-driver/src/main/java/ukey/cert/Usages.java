package ukey.cert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/** Names of key usages (RFC 5280 spelling) and extended key usages. */
final class Usages {

    /** In bit order, as RFC 5280 lists them. */
    private static final int[] KEY_USAGE_BITS = {
            KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
            KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
            KeyUsage.encipherOnly, KeyUsage.decipherOnly};
    private static final String[] KEY_USAGE_NAMES = {
            "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    /** Usages that decrypt or agree keys: such keys must outlive their certificate. */
    static final List<String> DECRYPTING = List.of("keyEncipherment", "dataEncipherment", "keyAgreement");

    private static final Map<ASN1ObjectIdentifier, String> PURPOSES = Map.ofEntries(
            Map.entry(KeyPurposeId.anyExtendedKeyUsage.toOID(), "anyExtendedKeyUsage"),
            Map.entry(KeyPurposeId.id_kp_serverAuth.toOID(), "serverAuth"),
            Map.entry(KeyPurposeId.id_kp_clientAuth.toOID(), "clientAuth"),
            Map.entry(KeyPurposeId.id_kp_codeSigning.toOID(), "codeSigning"),
            Map.entry(KeyPurposeId.id_kp_emailProtection.toOID(), "emailProtection"),
            Map.entry(KeyPurposeId.id_kp_ipsecEndSystem.toOID(), "ipsecEndSystem"),
            Map.entry(KeyPurposeId.id_kp_ipsecTunnel.toOID(), "ipsecTunnel"),
            Map.entry(KeyPurposeId.id_kp_ipsecUser.toOID(), "ipsecUser"),
            Map.entry(KeyPurposeId.id_kp_timeStamping.toOID(), "timeStamping"),
            Map.entry(KeyPurposeId.id_kp_OCSPSigning.toOID(), "OCSPSigning"),
            Map.entry(KeyPurposeId.id_kp_ipsecIKE.toOID(), "ipsecIKE"),
            Map.entry(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36"), "documentSigning"),
            Map.entry(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.2"), "smartcardLogon"),
            Map.entry(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.4"), "encryptingFileSystem"),
            Map.entry(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.12"), "documentSigning (Microsoft)"));

    private Usages() {
    }

    static List<String> keyUsage(KeyUsage usage) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < KEY_USAGE_BITS.length; i++) {
            if (usage.hasUsages(KEY_USAGE_BITS[i])) {
                names.add(KEY_USAGE_NAMES[i]);
            }
        }
        return List.copyOf(names);
    }

    /** Readable names; a purpose without a well-known name is listed by its OID. */
    static List<String> extendedKeyUsage(ExtendedKeyUsage usage) {
        List<String> names = new ArrayList<>();
        for (KeyPurposeId purpose : usage.getUsages()) {
            names.add(PURPOSES.getOrDefault(purpose.toOID(), purpose.getId()));
        }
        return List.copyOf(names);
    }
}
