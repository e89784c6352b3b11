package ukey.app.renewal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A journal's JSON, written with Jackson's streaming generator: each renewal writes its journal a dozen times, and
 * an object mapper's start-up (some 400 classes, introspecting the record) was a tenth of a whole {@code ukey renew}.
 * Byte for byte what the object mapper writes (its field names, order and indentation), which still reads journals
 * back ({@link RenewalJournalStore}); RenewalJournalStoreTest compares the two.
 */
final class JournalJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JournalJson() {
    }

    static byte[] write(RenewalJournal journal) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (JsonGenerator json = FACTORY.createGenerator(bytes).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeNumberField("format", journal.format());
            json.writeStringField("id", journal.id());
            json.writeStringField("tokenSerial", journal.tokenSerial());
            json.writeStringField("tokenLabel", journal.tokenLabel());
            json.writeStringField("library", journal.library());
            json.writeStringField("currentCertificate", journal.currentCertificate());
            json.writeStringField("currentId", journal.currentKey());
            json.writeStringField("currentLabel", journal.currentLabel());
            json.writeBooleanField("repair", journal.repair());
            json.writeBooleanField("sameKey", journal.sameKey());
            json.writeStringField("keySpec", journal.keySpec());
            json.writeStringField("connector", journal.connector());
            json.writeStringField("caUrl", journal.caUrl());
            json.writeStringField("idempotencyKey", journal.idempotencyKey());
            json.writeStringField("step", journal.step().name());
            json.writeStringField("newKeyLabel", journal.newKeyLabel());
            json.writeStringField("newKeyId", journal.newKey());
            json.writeStringField("issuedCertificate", journal.issuedCertificate());
            strings(json, "chain", journal.chain());
            json.writeObjectFieldStart("connectorState");
            for (Map.Entry<String, String> entry : journal.connectorState().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            strings(json, "sealsExtended", journal.sealsExtended());
            json.writeStringField("failureCode", journal.failureCode());
            json.writeStringField("failureDetail", journal.failureDetail());
            json.writeStringField("created", journal.created());
            json.writeStringField("updated", journal.updated());
            strings(json, "history", journal.history());
            json.writeStringField("backend", journal.backend());
            json.writeStringField("issuedEncryption", journal.issuedEncryption());
            json.writeStringField("envelope", journal.envelope());
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
