package ukey.app.ui.common;

/** How a status is coloured: the CSS class the view puts on it. */
public enum Tone {
    GOOD("tone-good"),
    WARNING("tone-warning"),
    DANGER("tone-danger"),
    NEUTRAL("tone-neutral");

    private final String styleClass;

    Tone(String styleClass) {
        this.styleClass = styleClass;
    }

    public String styleClass() {
        return styleClass;
    }
}
