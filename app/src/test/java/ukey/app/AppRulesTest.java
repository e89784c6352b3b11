package ukey.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import ukey.app.ui.GuiLauncher;

/**
 * The client's house rules, checked on its compiled main classes (docs/design-notes.md explains each):
 * JavaFX only in the window, view-models without nodes, window features apart from each other, no sandbox code,
 * only the launchers end the process, and no package cycles.
 */
@AnalyzeClasses(packages = "ukey.app", importOptions = ImportOption.DoNotIncludeTests.class)
class AppRulesTest {

    /** The packages under ukey.app.ui that every feature may use; every other one is a feature of its own. */
    static final String[] SHARED_UI = {"ukey.app.ui.common..", "ukey.app.ui.services.."};

    @ArchTest
    static final ArchRule onlyTheWindowKnowsJavaFx = noClasses()
            .that().resideInAnyPackage("ukey.app.renewal..", "ukey.app.tokens..", "ukey.app.config..",
                    "ukey.app.errors..", "ukey.app.cli..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the command line and the renewal engine run without a display");

    @ArchTest
    static final ArchRule viewModelsHoldNoNodes = noClasses()
            .that(areDeclaredInAViewModel())
            .should().transitivelyDependOnClassesThat().resideInAPackage("javafx.scene..")
            .because("a view-model holds state and words (properties and collections); its tests need no screen");

    @ArchTest
    static final ArchRule featuresStandApart = slices().matching("ukey.app.ui.(*)..").namingSlices("ui.$1")
            .should().notDependOnEachOther()
            .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAnyPackage(SHARED_UI))
            .because("what two features share lives in ui.common (or ui.services, the keys as the window sees them)");

    @ArchTest
    static final ArchRule noSandboxInTheProduct = noClasses()
            .should().dependOnClassesThat().resideInAPackage("ukey.sandbox..")
            .because("the sandbox CA is a test and demo tool; it is not shipped");

    @ArchTest
    static final ArchRule onlyTheLaunchersEndTheProcess = noClasses()
            .that().doNotBelongToAnyOf(Main.class, GuiLauncher.class)
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("the launchers own the process; everything else returns or throws");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("ukey.(**)").should().beFreeOfCycles();

    /** A view-model class, or a class nested in one (its listeners, its questions to the user). */
    private static DescribedPredicate<JavaClass> areDeclaredInAViewModel() {
        return DescribedPredicate.describe("are declared in a *ViewModel", type -> outermost(type).getSimpleName()
                .endsWith("ViewModel"));
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
