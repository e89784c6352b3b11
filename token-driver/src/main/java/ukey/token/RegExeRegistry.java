package ukey.token;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Windows registry read through {@code reg.exe query HKLM\PATH /s /v NAME}: no native code, and its output
 * format is the same in every Windows language (only names and data are localised; read in the console's code
 * page, GBK on Chinese Windows). A 64-bit client sees the 64-bit view; 32-bit registrations are read by asking for
 * their WOW6432Node paths explicitly.
 */
public final class RegExeRegistry implements WindowsRegistry {

    private static final String ROOT = "HKEY_LOCAL_MACHINE\\";
    /** "    NAME    REG_SZ    DATA": four spaces around the type; names may contain spaces. */
    private static final Pattern VALUE = Pattern.compile("^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$");

    @Override
    public Map<String, String> find(String path, String name) {
        try {
            Process process = new ProcessBuilder("reg", "query", "HKLM\\" + path, "/s", "/v", name)
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Map.of();
            }
            return parse(new String(output, consoleCharset()), path);
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static Charset consoleCharset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding", "GBK"));
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** The keys under {@code path} and the value's data in each, from reg.exe's output. */
    static Map<String, String> parse(String output, String path) {
        Map<String, String> found = new LinkedHashMap<>();
        String prefix = (ROOT + path + "\\").toLowerCase(Locale.ROOT);
        String key = null;
        for (String line : output.split("\\R")) {
            if (line.startsWith("HKEY_")) {
                key = line.toLowerCase(Locale.ROOT).startsWith(prefix) ? line.substring(prefix.length())
                        : null;
                continue;
            }
            Matcher value = VALUE.matcher(line);
            if (key != null && value.matches()) {
                found.put(key, value.group(3) == null ? "" : value.group(3).strip());
            }
        }
        return found;
    }
}
