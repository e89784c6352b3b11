package ukey.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class HeadlessProbeTest {
    Button button;

    @Start
    void start(Stage stage) {
        button = new Button("点我");
        button.setId("probe");
        button.setOnAction(e -> button.setText("好了"));
        stage.setScene(new Scene(new StackPane(button), 200, 100));
        stage.show();
    }

    @Test
    void clicks(FxRobot robot) {
        robot.clickOn("#probe");
        assertEquals("好了", button.getText());
        System.out.println("glass=" + com.sun.glass.ui.Application.GetApplication().getClass());
    }
}
