package org.gupstress.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.gupstress.model.dax.DaxPin;
import org.gupstress.model.mm.MapcountPinTracking;
import org.gupstress.model.mm.PageProtect;
import org.gupstress.model.mm.WritebackPins;
import org.junit.jupiter.api.Test;

/**
 * The model's layering, checked on the compiled classes (ArchUnit): the kernel's own. From the bottom:
 *
 * <ol>
 *   <li>{@code kernel..}: the primitives (atomics, barriers), the scheduler, locking, RCU, the debug oracles and
 *       {@code kernel.kconfig} (Knob, Config: the model's Kconfig). It depends on nothing else of the model;</li>
 *   <li>{@code mm}, then the VFS ({@code fs}, without its subpackages), which builds on mm's page cache;</li>
 *   <li>the filesystem helpers ({@code dax}, fs/dax.c), which the filesystems call and which call none;</li>
 *   <li>the filesystems ({@code fs.ext4}) and the drivers ({@code drivers}).</li>
 * </ol>
 *
 * mm names no filesystem and no DAX code: it reaches them only through the operation tables ({@code a_ops},
 * {@code vm_ops}, {@code s_op}, {@code f_op}) that a filesystem installs. There is no cycle between any two
 * packages. Designs that were proposed and never merged ({@link MapcountPinTracking}, {@link WritebackPins},
 * {@link DaxPin}, {@link PageProtect}) are reached by the merged code of the core, the kernel and the filesystems
 * only through the policy objects a world's config chooses, never by name. The one merged function outside those
 * packages that names one is fs/dax.c's {@code dax_writeback_mapping_range()}, the step Dan Williams'
 * INODE_DIRTY design changes (a knob read at that one site, {@code Dax#daxWritebackMappingRange}).
 */
class ModelLayersTest {
    private static final String MODEL = "org.gupstress.model";
    private static final String KERNEL = MODEL + ".kernel..";
    private static final String MM = MODEL + ".mm..";
    private static final String VFS = MODEL + ".fs";
    private static final String FILESYSTEMS = MODEL + ".fs.*..";
    private static final String DAX = MODEL + ".dax..";
    private static final String DRIVERS = MODEL + ".drivers..";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODEL);

    @Test
    void kernelDependsOnNothingElseOfTheModel() {
        classes().that().resideInAPackage(KERNEL)
                .should().onlyDependOnClassesThat().resideInAnyPackage(KERNEL, "java..")
                .check(CLASSES);
    }

    @Test
    void mmReachesFilesystemsAndDaxOnlyThroughOperationTables() {
        noClasses().that().resideInAnyPackage(MODEL, MM, VFS)
                .should().dependOnClassesThat().resideInAnyPackage(FILESYSTEMS, DAX, DRIVERS)
                .because("mm calls a filesystem only through mapping->a_ops, vma->vm_ops, sb->s_op and file->f_op")
                .check(CLASSES);
    }

    @Test
    void mmIsBelowTheVfs() {
        noClasses().that().resideInAPackage(MM)
                .should().dependOnClassesThat().resideInAPackage(MODEL + ".fs..")
                .because("the VFS builds on mm's page cache; where mm holds a VFS object (mapping->host, vma->vm_file,"
                        + " folio->private, a DAX page's memory, a superblock's shrinker) it holds it through an"
                        + " interface of its own")
                .check(CLASSES);
    }

    @Test
    void daxIsAHelperOfFilesystemsNotAUserOfThem() {
        noClasses().that().resideInAPackage(DAX)
                .should().dependOnClassesThat().resideInAnyPackage(FILESYSTEMS, DRIVERS)
                .check(CLASSES);
    }

    @Test
    void mergedCodeNeverNamesAnUnmergedDesign() {
        noClasses().that().resideInAnyPackage(MODEL, KERNEL, MM, MODEL + ".fs..")
                .and().doNotBelongToAnyOf(MapcountPinTracking.class, WritebackPins.class, PageProtect.class)
                .should().dependOnClassesThat().belongToAnyOf(MapcountPinTracking.class, WritebackPins.class,
                        DaxPin.class, PageProtect.class)
                .because("a design that was never merged plugs in through Gup.PIN_POLICY,"
                        + " PageWriteback.MKCLEAN_POLICY or a VMA's vm_ops (PageProtect.breakOnWrite),"
                        + " not through a call in a merged function")
                .check(CLASSES);
    }

    @Test
    void noCycleBetweenPackages() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CLASSES);
    }

    /** Every package of the model its own slice, the root package ({@code World}) too. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals(MODEL)) {
                return SliceIdentifier.of("(root)");
            }
            return p.startsWith(MODEL + ".") ? SliceIdentifier.of(p.substring(MODEL.length() + 1))
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the model's packages";
        }
    };
}
