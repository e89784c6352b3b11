package ukey.app.ui.diagnostics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import ukey.app.config.Settings;
import ukey.app.errors.ErrorPresenter;
import ukey.app.logging.LogSetup;
import ukey.app.ui.common.Background;
import ukey.app.ui.common.I18n;
import ukey.app.ui.services.KeyCard;
import ukey.app.ui.services.KeyDirectory;

/** 环境检测: runs the checks, offers 一键修复 (a rescan) and 导出诊断信息. */
public final class DiagnosticsViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsViewModel.class);

    private final EnvironmentChecks checks;
    private final KeyDirectory directory;
    private final Settings settings;
    private final Background background;
    private final I18n i18n;
    private final ErrorPresenter errors;
    private final Clock clock;

    private final ObservableList<CheckResult> results = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final BooleanProperty detailedLog = new SimpleBooleanProperty(this, "detailedLog", LogSetup.debug());
    private final BooleanBinding problems = Bindings.createBooleanBinding(
            () -> results.stream().anyMatch(result -> result.level() != CheckResult.Level.PASS), results);

    public DiagnosticsViewModel(EnvironmentChecks checks, KeyDirectory directory, Settings settings,
                                Background background, I18n i18n, ErrorPresenter errors, Clock clock) {
        this.checks = checks;
        this.directory = directory;
        this.settings = settings;
        this.background = background;
        this.i18n = i18n;
        this.errors = errors;
        this.clock = clock;
        summary.set(i18n.tr("diagnostics.notRun"));
        // for this run only: the log.level setting says how the next launch starts
        detailedLog.addListener((observable, was, on) -> {
            if (on != LogSetup.debug()) {
                LogSetup.debug(on);
                LOG.info("detailed logging switched {}", on ? "on" : "off");
            }
        });
    }

    /** 开始检测 / 一键修复: rescans the libraries and keys and runs every check again. */
    public void run() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        summary.set(i18n.tr("diagnostics.running"));
        background.run(checks::run)
                .onSuccess(found -> {
                    results.setAll(found);
                    long bad = found.stream().filter(r -> r.level() != CheckResult.Level.PASS).count();
                    summary.set(bad == 0 ? i18n.tr("diagnostics.allGood") : i18n.format("diagnostics.someBad", bad));
                })
                .onError(error -> summary.set(errors.text(error)))
                .andFinally(() -> busy.set(false))
                .start();
    }

    /** The file name offered for 导出诊断信息. */
    public String suggestedArchiveName() {
        return "ukey-diagnostics-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")
                .withZone(clock.getZone() == null ? ZoneId.systemDefault() : clock.getZone())
                .format(clock.instant()) + ".zip";
    }

    /** 导出诊断信息 into this zip file. */
    public void export(Path zip) {
        busy.set(true);
        List<CheckResult> current = List.copyOf(results);
        background.run(() -> {
                    List<KeyCard> keys;
                    try {
                        keys = directory.scan();
                    } catch (Exception e) {
                        keys = List.of();
                    }
                    DiagnosticsArchive.write(zip, clock.instant(), current.isEmpty() ? checks.run() : current,
                            directory.libraries(), keys, settings.logDirectory());
                })
                .onSuccess(done -> summary.set(i18n.format("diagnostics.exported", zip.toString())))
                .onError(error -> summary.set(errors.text(error)))
                .andFinally(() -> busy.set(false))
                .start();
    }

    public ObservableList<CheckResult> results() {
        return results;
    }

    /** 记录详细日志: DEBUG in the log file while the client runs. */
    public BooleanProperty detailedLogProperty() {
        return detailedLog;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public BooleanBinding problems() {
        return problems;
    }
}
