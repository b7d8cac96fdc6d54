package org.gupstress.model.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.VarHandle;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.gupstress.model.kernel.sched.Schedule;
import org.junit.jupiter.api.Test;

/**
 * What {@code smp_mb()} is made of. Its emulated half (draining the thread's store buffer under a controlling
 * schedule) is exercised by the scripts and the explorer ({@code InterleavingTest#aFullBarrierDrainsTheStoreBuffer},
 * {@code ExplorerTest}); its hardware half, {@link VarHandle#fullFence()}, orders a store before a later load on a
 * real CPU, which no deterministic run can observe (the emulation does not depend on it, and on x86 a JCStress run
 * needs luck to). So this test pins it down on the compiled code: {@link Barriers#fullBarrier} must call both.
 */
class BarriersTest {
    private static final JavaClass BARRIERS = new ClassFileImporter().importClasses(Barriers.class).get(Barriers.class);

    @Test
    void smpMbIsAHardwareFullFenceAndDrainsTheEmulatedStoreBuffer() {
        JavaMethod fullBarrier = BARRIERS.getMethod("fullBarrier", Schedule.class);
        assertTrue(calls(fullBarrier, VarHandle.class, "fullFence"),
                "smp_mb() without VarHandle.fullFence(): a store could pass a later load on the real CPU");
        assertTrue(calls(fullBarrier, Schedule.class, "drainStoreBuffer"),
                "smp_mb() without draining the emulated store buffer");
    }

    @Test
    void everyFullStrengthSiteIsAFullBarrier() {
        JavaMethod apply = BARRIERS.getMethod("apply", Strength.class, Schedule.class);
        assertTrue(calls(apply, Barriers.class, "fullBarrier"), "Strength.FULL must issue fullBarrier()");
    }

    private static boolean calls(JavaMethod method, Class<?> owner, String name) {
        for (JavaMethodCall call : method.getMethodCallsFromSelf()) {
            if (call.getTarget().getOwner().isEquivalentTo(owner) && call.getTarget().getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
