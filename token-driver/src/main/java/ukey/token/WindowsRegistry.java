package ukey.token;

import java.util.Map;

/**
 * The part of the Windows registry that library discovery reads, under HKEY_LOCAL_MACHINE. Behind an interface so
 * that discovery is tested on Linux with a registry that is a map; on Windows {@link RegExeRegistry} reads the
 * real one.
 */
public interface WindowsRegistry {

    /**
     * Every key under {@code HKLM\path} (at any depth below it) that holds the value {@code name}, with its data as
     * text; keys named relative to {@code path} ("Longmai CSP", "0"). Empty when the key is missing or unreadable.
     */
    Map<String, String> find(String path, String name);

    /** No registry (not Windows). */
    static WindowsRegistry none() {
        return (path, name) -> Map.of();
    }
}
