package ukey.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The sandbox CA's house rules: it is a CA, not a client (nothing of ukey.app or the token driver, no JavaFX);
 * only its command line ends the process; no package cycles.
 */
@AnalyzeClasses(packages = "ukey.sandbox", importOptions = ImportOption.DoNotIncludeTests.class)
class SandboxRulesTest {

    @ArchTest
    static final ArchRule standsApartFromTheClient = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("ukey.app..", "ukey.token..", "javafx..")
            .because("the sandbox plays the CA over the wire; it shares no code with the client it serves");

    @ArchTest
    static final ArchRule onlyItsCommandLineEndsTheProcess = noClasses()
            .that().doNotBelongToAnyOf(Main.class)
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("an in-process sandbox (the tests') must not end the test JVM");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("ukey.(**)").should().beFreeOfCycles();
}
