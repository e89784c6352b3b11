package ukey.token.skf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ukey.token.TokenException;

/**
 * One connected device (SKF_ConnectDev) with the applications opened on it. Used only on the library's thread.
 * A handle opened before the key was pulled stays dead after it is re-inserted: callers drop the connection on
 * TOKEN_REMOVED and connect again.
 */
final class SkfConnection {

    final String name;
    final long device;
    /** As read at connect time: the serial never changes, the label may (refresh with {@link #readInfo}). */
    DevInfo info;
    private final SkfLibrary library;
    private final Map<String, Long> applications = new LinkedHashMap<>();
    private List<String> applicationNames;

    private SkfConnection(SkfLibrary library, String name, long device, DevInfo info) {
        this.library = library;
        this.name = name;
        this.device = device;
        this.info = info;
    }

    static SkfConnection open(SkfApi api, SkfLibrary library, String name) throws TokenException {
        SkfApi.Ref device = new SkfApi.Ref();
        Sar.check("SKF_ConnectDev", api.connectDev(library.encode(name), device));
        try {
            return new SkfConnection(library, name, device.value, devInfo(api, library, device.value));
        } catch (TokenException | RuntimeException e) {
            quietly(() -> api.disconnectDev(device.value));
            throw e;
        }
    }

    private static DevInfo devInfo(SkfApi api, SkfLibrary library, long device) throws TokenException {
        byte[] struct = new byte[DevInfo.BUFFER_SIZE];
        Sar.check("SKF_GetDevInfo", api.getDevInfo(device, struct));
        return DevInfo.parse(library.text(), struct);
    }

    /** A fresh read of DEVINFO. */
    DevInfo readInfo(SkfApi api) throws TokenException {
        info = devInfo(api, library, device);
        return info;
    }

    /** The serial that names the key; the device name where a vendor leaves the serial blank. */
    String serial() {
        return info.serial().isEmpty() ? name : info.serial();
    }

    List<String> applicationNames(SkfApi api) throws TokenException {
        if (applicationNames == null) {
            applicationNames = library.names(SkfLibrary.sized("SKF_EnumApplication",
                    (buffer, length) -> api.enumApplication(device, buffer, length), SkfLibrary.GUESS));
        }
        return applicationNames;
    }

    /** The application with the user's PIN and containers: the configured one, else the first listed. */
    Optional<String> mainApplication(SkfApi api) throws TokenException {
        if (library.options().application().isPresent()) {
            return library.options().application();
        }
        return applicationNames(api).stream().findFirst();
    }

    long application(SkfApi api, String application) throws TokenException {
        Long handle = applications.get(application);
        if (handle == null) {
            SkfApi.Ref opened = new SkfApi.Ref();
            Sar.check("SKF_OpenApplication", api.openApplication(device, library.encode(application), opened));
            handle = opened.value;
            applications.put(application, handle);
        }
        return handle;
    }

    void close(SkfApi api) {
        for (long handle : applications.values()) {
            quietly(() -> api.closeApplication(handle));
        }
        applications.clear();
        quietly(() -> api.disconnectDev(device));
    }

    interface Cleanup {
        int run() throws TokenException;
    }

    /** Closing calls: a pulled key fails them all, and there is nothing left to do about it. */
    static void quietly(Cleanup cleanup) {
        try {
            cleanup.run();
        } catch (TokenException | RuntimeException ignored) {
            // the handle dies with the device
        }
    }
}
