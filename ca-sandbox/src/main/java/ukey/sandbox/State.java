package ukey.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the CA remembers, loaded from DIR for one transaction (see {@link Store}). */
final class State {
    Settings settings = new Settings();
    Map<String, CertRecord> certificates = new LinkedHashMap<>();
    Map<String, Order> orders = new LinkedHashMap<>();
    Map<String, Renewal> renewals = new LinkedHashMap<>();
    Map<String, IdempotencyRecord> idempotency = new LinkedHashMap<>();
    List<SmsMessage> outbox = new ArrayList<>();
    Map<String, Seal> seals = new LinkedHashMap<>();

    Optional<CertRecord> certificateBySerial(String serialHex) {
        String serial = Certs.normalizeSerial(serialHex);
        return certificates.values().stream().filter(c -> c.serial.equals(serial)).findFirst();
    }

    /** The newest order for a certificate, open or not. */
    Optional<Order> latestOrder(String certId) {
        return orders.values().stream().filter(o -> o.certId.equals(certId)).reduce((first, second) -> second);
    }

    Optional<Order> openOrder(String certId) {
        return latestOrder(certId).filter(Order::isOpen);
    }
}
