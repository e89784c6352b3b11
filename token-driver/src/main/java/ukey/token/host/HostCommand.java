package ukey.token.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one host: its command line (the executable, or e.g. wine and the executable), extra environment,
 * a short name for logs, and the machine it serves (PE Machine for Windows builds, ELF e_machine otherwise).
 */
public record HostCommand(String name, List<String> command, Map<String, String> environment, long machine) {

    public HostCommand {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The same command with more environment (a test library's settings, a Wine prefix). */
    public HostCommand with(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(more);
        return new HostCommand(name, command, merged, machine);
    }
}
