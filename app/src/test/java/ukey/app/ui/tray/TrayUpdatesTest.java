package ukey.app.ui.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukey.app.ui.Fixtures;
import ukey.app.update.UpdateServer;

/** The tray process's update check against a real HTTPS document server (UpdateServer). */
class TrayUpdatesTest {

    @TempDir
    Path folder;
    private UpdateServer server;
    private final List<KeyNotifications.Notification> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        server = new UpdateServer(folder);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void eachNewerVersionIsSaidOnce() {
        TrayUpdates updates = updates("update.url=" + server.url() + "\nca.trust=" + server.trustFile() + "\n");
        server.latest("0.1.0");
        updates.checkNow();
        assertEquals(List.of(), told, "the version this client is");
        server.latest("0.2.0");
        updates.checkNow();
        updates.checkNow();
        server.latest("0.3.0");
        updates.checkNow();
        assertEquals(List.of(new KeyNotifications.Notification("有新版本",
                "UKey 证书助手 0.2.0 已发布。打开主界面，点页脚的「有新版本」了解。", false),
                new KeyNotifications.Notification("有新版本", "UKey 证书助手 0.3.0 已发布。打开主界面，点页脚的「有新版本」了解。",
                        false)), told);
        assertEquals(4, server.requests());
    }

    @Test
    void aFailureOrSettingsThatTurnItOffSayNothing() {
        server.serve(500, "");
        updates("update.url=" + server.url() + "\nca.trust=" + server.trustFile() + "\n").checkNow();
        server.latest("0.2.0");
        updates("update.url=" + server.url() + "\nca.trust=" + server.trustFile() + "\nupdate.check=off\n").checkNow();
        updates("ca.trust=" + server.trustFile() + "\n").checkNow();
        assertEquals(List.of(), told);
        assertEquals(1, server.requests(), "off and without a document, it asks nobody");
    }

    private TrayUpdates updates(String settings) {
        return new TrayUpdates(Fixtures.settings(folder.resolve("config" + settings.hashCode()), settings), "0.1.0",
                Fixtures.ZH, told::add);
    }
}
