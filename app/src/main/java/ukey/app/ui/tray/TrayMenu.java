package ukey.app.ui.tray;

import java.awt.AWTException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.app.ui.common.I18n;

/**
 * The tray icon and its menu: 打开主界面 · 修改口令 · 显示证书 · 刷新 · 退出. Menu actions run on the executor
 * given (the JavaFX thread in a window process, a worker in the tray process, which never loads JavaFX);
 * notifications go through the icon. Only where the desktop has a tray (java.awt.SystemTray).
 */
public final class TrayMenu {

    private static final Logger LOG = LoggerFactory.getLogger(TrayMenu.class);

    /** What the menu items do. */
    public interface Actions {
        void open();

        void changePin();

        void showCertificate();

        void refresh();

        void quit();
    }

    private final TrayIcon icon;

    private TrayMenu(TrayIcon icon) {
        this.icon = icon;
    }

    /**
     * Installs the tray icon, or returns empty where the desktop has no tray. Call on any thread.
     *
     * @param runActions where the menu's actions and a click on the icon run
     */
    public static Optional<TrayMenu> install(I18n i18n, Actions actions, Executor runActions) {
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            return Optional.empty();
        }
        PopupMenu menu = new PopupMenu();
        menu.add(item(i18n.tr("tray.open"), () -> runActions.execute(actions::open)));
        menu.add(item(i18n.tr("main.action.changePin"), () -> runActions.execute(actions::changePin)));
        menu.add(item(i18n.tr("tray.showCertificate"), () -> runActions.execute(actions::showCertificate)));
        menu.add(item(i18n.tr("main.refresh"), () -> runActions.execute(actions::refresh)));
        menu.addSeparator();
        menu.add(item(i18n.tr("tray.quit"), () -> runActions.execute(actions::quit)));
        TrayIcon icon = new TrayIcon(image(), i18n.tr("app.name"), menu);
        icon.setImageAutoSize(true);
        icon.addActionListener(event -> runActions.execute(actions::open));
        try {
            SystemTray.getSystemTray().add(icon);
        } catch (AWTException e) {
            LOG.info("no tray icon: {}", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new TrayMenu(icon));
    }

    private static MenuItem item(String label, Runnable action) {
        MenuItem item = new MenuItem(label);
        item.setFont(new Font(Font.DIALOG, Font.PLAIN, 13));
        item.addActionListener(event -> action.run());
        return item;
    }

    /** A notification from the tray: key inserted, certificate expiring. */
    public void notify(String title, String text, boolean warning) {
        LOG.info("tray notice: {}: {}", title, text); // what the user was told, for the helpdesk
        icon.displayMessage(title, text, warning ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO);
    }

    public void remove() {
        SystemTray.getSystemTray().remove(icon);
    }

    /** The brand's shield, drawn so no image file has to ship. */
    private static BufferedImage image() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Path2D shield = new Path2D.Double();
        shield.moveTo(16, 2);
        shield.lineTo(28, 6.5);
        shield.lineTo(28, 15);
        shield.curveTo(28, 22, 23, 27.5, 16, 30);
        shield.curveTo(9, 27.5, 4, 22, 4, 15);
        shield.lineTo(4, 6.5);
        shield.closePath();
        g.setColor(new Color(0x1d5fa8));
        g.fill(shield);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D tick = new Path2D.Double();
        tick.moveTo(10.5, 16);
        tick.lineTo(14.5, 20);
        tick.lineTo(21.5, 12);
        g.draw(tick);
        g.dispose();
        return image;
    }
}
