package ukey;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The token driver's house rules, checked on its compiled main classes: it knows nothing of the client, of
 * JavaFX or of the network (it returns facts and codes; the app words them and talks to CAs), it never ends the
 * process, and its packages do not depend on each other in a circle.
 */
@AnalyzeClasses(packages = "ukey", importOptions = ImportOption.DoNotIncludeTests.class)
class TokenDriverRulesTest {

    @ArchTest
    static final ArchRule knowsNothingOfTheClient = noClasses()
            .should().dependOnClassesThat().resideInAPackage("ukey.app..")
            .because("the client depends on the token driver, never the other way round");

    @ArchTest
    static final ArchRule hasNoJavaFx = noClasses()
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the token driver serves the command line and the window alike");

    @ArchTest
    static final ArchRule hasNoNetwork = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "okhttp3..", "okio..",
                    "javax.net..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.SocketChannel")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.ServerSocketChannel")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.DatagramChannel")
            .because("only the client talks to the network (CA connectors, update check)");

    @ArchTest
    static final ArchRule neverEndsTheProcess = noClasses()
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("a library reports; the launcher decides when the process ends");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("ukey.(**)").should().beFreeOfCycles();
}
