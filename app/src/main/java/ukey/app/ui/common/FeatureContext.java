package ukey.app.ui.common;

import java.time.Clock;

import ukey.app.config.Settings;
import ukey.app.errors.ErrorPresenter;

/**
 * What the window gives each feature to build its pages and dialogs: words, errors in words, background work,
 * the time, the settings with the CA's renewal window, and the stages.
 */
public record FeatureContext(I18n i18n, ErrorPresenter errors, Background background, Clock clock,
                             Settings settings, int windowDays, Windows windows) {
}
