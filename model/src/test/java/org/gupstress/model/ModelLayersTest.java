package org.gupstress.model;

import org.gupstress.model.mm.World;
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
 *   <li>{@code design} (Knob, Config: the model's Kconfig) depends on nothing of the model;</li>
 *   <li>{@code kernel..} (atomics, barriers, locking, scheduling, debug oracles) depends only on itself and
 *       {@code design};</li>
 *   <li>the core: {@code World}, {@code mm} and the VFS ({@code fs}, without its subpackages). mm and the VFS share
 *       their structures both ways, as include/linux/mm_types.h and fs.h do ({@code folio->mapping} and
 *       {@code mapping->i_pages}, {@code vma->vm_file} and {@code mapping->i_mmap}), so they are one layer. The
 *       core names no filesystem and no DAX code: it reaches them only through the operation tables
 *       ({@code a_ops}, {@code vm_ops}, {@code s_op}, {@code f_op}) that a filesystem installs;</li>
 *   <li>the filesystem helpers ({@code dax}, fs/dax.c), which the filesystems call and which call none;</li>
 *   <li>the filesystems ({@code fs.ext4}) and the drivers ({@code drivers}).</li>
 * </ol>
 *
 * There is no cycle between these layers. Inside {@code kernel} the scheduler and the locks know each other
 * (as kernel/sched and kernel/locking do); that is one layer too. Designs that were proposed and never merged
 * ({@link MapcountPinTracking}, {@link WritebackPins}, {@link DaxPin}) are reached by the merged code of the core,
 * the kernel and the filesystems only through the policy objects a world's config chooses, never by name. The one
 * merged function outside those packages that names one is fs/dax.c's {@code dax_writeback_mapping_range()}, the
 * step Dan Williams' INODE_DIRTY design changes (a knob read at that one site,
 * {@code Dax#daxWritebackMappingRange}).
 */
class ModelLayersTest {
    private static final String MODEL = "org.gupstress.model";
    private static final String KERNEL = MODEL + ".kernel..";
    private static final String DESIGN = MODEL + ".design..";
    private static final String MM = MODEL + ".mm..";
    private static final String VFS = MODEL + ".fs";
    private static final String FILESYSTEMS = MODEL + ".fs.*..";
    private static final String DAX = MODEL + ".dax..";
    private static final String DRIVERS = MODEL + ".drivers..";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MODEL);

    @Test
    void designDependsOnNothingOfTheModel() {
        classes().that().resideInAPackage(DESIGN)
                .should().onlyDependOnClassesThat().resideInAnyPackage(DESIGN, "java..")
                .check(CLASSES);
    }

    @Test
    void kernelDependsOnNothingElseOfTheModel() {
        classes().that().resideInAPackage(KERNEL)
                .should().onlyDependOnClassesThat().resideInAnyPackage(KERNEL, DESIGN, "java..")
                .check(CLASSES);
    }

    @Test
    void mmAndTheVfsReachFilesystemsAndDaxOnlyThroughOperationTables() {
        noClasses().that().resideInAnyPackage(MODEL, MM, VFS)
                .should().dependOnClassesThat().resideInAnyPackage(FILESYSTEMS, DAX, DRIVERS)
                .because("mm calls a filesystem only through mapping->a_ops, vma->vm_ops, sb->s_op and file->f_op")
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
    void noCycleBetweenLayers() {
        slices().assignedFrom(LAYERS).should().beFreeOfCycles().check(CLASSES);
    }

    /** The layers of the class comment, by package. */
    private static final SliceAssignment LAYERS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (!p.equals(MODEL) && !p.startsWith(MODEL + ".")) {
                return SliceIdentifier.ignore();
            }
            String sub = p.equals(MODEL) ? "" : p.substring(MODEL.length() + 1);
            String top = sub.contains(".") ? sub.substring(0, sub.indexOf('.')) : sub;
            if (top.isEmpty() || top.equals("mm") || sub.equals("fs")) {
                return SliceIdentifier.of("core (World, mm, fs)");
            }
            if (top.equals("fs")) {
                return SliceIdentifier.of(sub); // one filesystem: fs.ext4
            }
            return SliceIdentifier.of(top); // kernel, design, dax, drivers
        }

        @Override
        public String getDescription() {
            return "the model's layers";
        }
    };
}
