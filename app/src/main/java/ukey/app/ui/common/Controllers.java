package ukey.app.ui.common;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import javafx.util.Callback;

/**
 * The FXMLLoader's controller factory: every controller a view may name, made with its collaborators. A view that
 * names a controller not listed here fails to load, naming it, instead of FXML making one by reflection.
 */
public final class Controllers implements Callback<Class<?>, Object> {

    private final Map<Class<?>, Supplier<?>> makers;

    private Controllers(Map<Class<?>, Supplier<?>> makers) {
        this.makers = Map.copyOf(makers);
    }

    /** The controllers of a window whose FXML includes other views: one maker per controller class. */
    public static Controllers of(Map<Class<?>, Supplier<?>> makers) {
        return new Controllers(makers);
    }

    /** The one controller of a dialog. */
    public static Controllers just(Object controller) {
        return new Controllers(Map.of(controller.getClass(), () -> controller));
    }

    @Override
    public Object call(Class<?> type) {
        Supplier<?> maker = makers.get(type);
        if (maker == null) {
            TreeSet<String> names = new TreeSet<>();
            makers.keySet().forEach(known -> names.add(known.getSimpleName()));
            throw new IllegalStateException("no controller " + type.getName() + " is made here (known: " + names
                    + "): add it to the window's controllers");
        }
        return maker.get();
    }
}
