package ukey.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import ukey.app.renewal.ConnectorState;

/** A connector state held in memory: the bench has no journal to resume. */
final class MemoryConnectorState implements ConnectorState {

    private final Map<String, String> values = new HashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        values.put(key, value);
    }

    @Override
    public void save() {
    }
}
