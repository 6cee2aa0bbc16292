package io.bpmon.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * The structure docs/architecture.md describes, checked on the compiled classes of every module: packages import
 * each other in one direction only, and the domain stays free of the frameworks around it.
 */
class ArchitectureTest {

    /** The product's classes, not its tests' or test fixtures' (test-classes folders, {@code -tests.jar}s). */
    private static final ImportOption PRODUCTION_CODE =
            (Location location) -> !location.contains("/test-classes/") && !location.contains("-tests.jar");

    private static final JavaClasses PRODUCT =
            new ClassFileImporter().withImportOption(PRODUCTION_CODE).importPackages("io.bpmon");

    @Test
    void shouldSeeEveryModule() {
        for (String module : new String[] {"io.bpmon.core", "io.bpmon.job", "io.bpmon.web", "io.bpmon.alerting"}) {
            assertThat(PRODUCT.containPackage(module)).as(module).isTrue();
        }
    }

    @Test
    void packagesImportEachOtherInOneDirectionOnly() {
        slices().matching("io.bpmon.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void coreUsesNoFlinkAndNoWebFramework() {
        noClasses().that().resideInAPackage("io.bpmon.core..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..", "io.javalin..", "org.thymeleaf..").check(PRODUCT);
    }

    @Test
    void theDomainDoesNotSeeElasticsearch() {
        noClasses().that().resideInAPackage("io.bpmon.core..").and().resideOutsideOfPackage("io.bpmon.core.store..")
                .should().dependOnClassesThat().resideInAPackage("co.elastic.clients..").check(PRODUCT);
    }

    @Test
    void theWebServerAndTheAlertingServiceNeverCallIntoTheJob() {
        noClasses().that().resideInAnyPackage("io.bpmon.web..", "io.bpmon.alerting..").should()
                .dependOnClassesThat().resideInAPackage("io.bpmon.job..").check(PRODUCT);
    }
}
