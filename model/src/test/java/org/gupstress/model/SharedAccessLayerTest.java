package org.gupstress.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.lang.invoke.VarHandle;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Every shared access of the subsystems goes through the kernel primitives layer ({@code kernel}: {@code Atomic},
 * {@code Atomic64}, {@code Word}, {@code Pointer}, the field descriptors {@code IntField}, {@code LongField},
 * {@code RefField}, {@code LongArray}, {@code RefArray}, {@code PerCpu}, the barriers), so that each access has a
 * kernel name and documented memory effects, and the layer alone decides how it is implemented. Checked on the
 * compiled classes (ArchUnit): no raw {@link VarHandle} and no {@code java.util.concurrent.atomic} in {@code mm},
 * {@code fs}, {@code dax} or {@code drivers}.
 */
class SharedAccessLayerTest {
    private static final String MODEL = "org.gupstress.model";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODEL);

    @Test
    void subsystemsReachSharedMemoryOnlyThroughTheKernelLayer() {
        noClasses().that().resideInAnyPackage(MODEL + ".mm..", MODEL + ".fs..", MODEL + ".dax..", MODEL + ".drivers..")
                .should().dependOnClassesThat().belongToAnyOf(VarHandle.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent.atomic..")
                .because("a shared access names its kernel primitive (READ_ONCE, smp_load_acquire, atomic_t, xchg, "
                        + "this_cpu_add, ...) through org.gupstress.model.kernel, which documents its memory effects")
                .check(CLASSES);
    }
}
