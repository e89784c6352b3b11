package ukey.app.ui.main;

import ukey.app.ui.services.KeyCard;

/** The dialogs the main window opens for the selected key. */
public interface MainActions {

    void viewCertificate(KeyCard key);

    void changePin(KeyCard key);

    void unblock(KeyCard key);

    /** 有新版本: opens the new version's page in the browser. */
    void openNewVersion();

    /** 继续更新: opens 更新服务 and finishes the selected key's unfinished renewal. */
    void resumeRenewal();
}
