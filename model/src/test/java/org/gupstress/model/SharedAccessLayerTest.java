package org.gupstress.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.VarHandle;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Every shared access of the subsystems goes through the kernel primitives layer ({@code kernel}: {@code Atomic},
 * {@code Atomic64}, {@code Word}, {@code Pointer}, the field descriptors {@code IntField}, {@code LongField},
 * {@code RefField}, {@code LongArray}, {@code RefArray}, {@code PerCpu}, the barriers), so that each access has a
 * kernel name and documented memory effects, the layer alone decides how it is implemented, and the explorer sees
 * (traces, buffers, reorders) every one of them. Checked on the compiled classes (ArchUnit): no raw
 * {@link VarHandle}, no {@code java.util.concurrent.atomic} and no {@code volatile} field in {@code mm}, {@code fs},
 * {@code dax} or {@code drivers}. Each rule is also checked against a crafted class that breaks it
 * ({@code mm.LayerBypassProbe}, test sources), so that a rule that can no longer fail is noticed.
 */
class SharedAccessLayerTest {
    private static final String MODEL = "org.gupstress.model";
    private static final String[] SUBSYSTEMS = {MODEL + ".mm..", MODEL + ".fs..", MODEL + ".dax..", MODEL + ".drivers.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODEL);

    /** The crafted class, from the test sources. */
    private static final JavaClasses PROBE = new ClassFileImporter()
            .importClasses(classNamed(MODEL + ".mm.LayerBypassProbe"));

    private static final ArchRule NO_RAW_ACCESS = noClasses().that().resideInAnyPackage(SUBSYSTEMS)
            .should().dependOnClassesThat().belongToAnyOf(VarHandle.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent.atomic..")
            .because("a shared access names its kernel primitive (READ_ONCE, smp_load_acquire, atomic_t, xchg, "
                    + "this_cpu_add, ...) through org.gupstress.model.kernel, which documents its memory effects");

    private static final ArchRule NO_VOLATILE = noFields().that().areDeclaredInClassesThat()
            .resideInAnyPackage(SUBSYSTEMS)
            .should().haveModifier(JavaModifier.VOLATILE)
            .because("a volatile access is invisible to the explorer (neither traced nor buffered) and names no kernel"
                    + " primitive: use a field descriptor (IntField.readOnce/storeRelease, or oracleGet/oracleSet for"
                    + " an oracle's own bookkeeping)");

    @Test
    void subsystemsReachSharedMemoryOnlyThroughTheKernelLayer() {
        NO_RAW_ACCESS.check(CLASSES);
    }

    @Test
    void subsystemsHaveNoVolatileFields() {
        NO_VOLATILE.check(CLASSES);
    }

    @Test
    void eachRuleFailsOnACraftedClassThatBreaksIt() {
        AssertionError raw = assertThrows(AssertionError.class, () -> NO_RAW_ACCESS.check(PROBE));
        assertTrue(raw.getMessage().contains("VarHandle"), raw.getMessage());
        AssertionError vol = assertThrows(AssertionError.class, () -> NO_VOLATILE.check(PROBE));
        assertTrue(vol.getMessage().contains("LayerBypassProbe.published"), vol.getMessage());
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
