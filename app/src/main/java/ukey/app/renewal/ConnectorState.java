package ukey.app.renewal;

import java.util.Optional;

/** A connector's own part of the renewal journal: text values it reads back after a crash. */
public interface ConnectorState {

    Optional<String> get(String key);

    void put(String key, String value);

    /** Writes the journal to disk now: call it before sending what must be resent identically. */
    void save() throws CaException;
}
