package org.gupstress.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gupstress.model.kernel.sched.Schedules;
import org.gupstress.stress.explore.JcstressSubject;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.infra.results.L_Result;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one sample of a scenario costs on one thread: build the world (the test class's constructor), run every
 * actor to completion one after the other, classify (the arbiter). Run it with {@code -prof gc}: its
 * {@code gc.alloc.rate.norm} is the bytes a sample allocates, the garbage JCStress's strides keep alive and the GC
 * then copies. A model change that makes worlds heavier or slower shows here first, without the noise of two racing
 * threads.
 *
 * <p>The same classes JCStress runs, driven as the explorer drives them ({@link JcstressSubject}: constructor,
 * {@code @Actor} methods in name order, {@code @Arbiter}). A pass-through schedule is installed in every world
 * while the benchmark runs, as the explorer does, so that the per-sample {@code Rendezvous} does not wait for a
 * partner that will only run after it, and no injected latency (a scenario's random device delay) is counted: this
 * is the model's cost, not the race window's. Scenarios whose constructor alternates its initial state per sample
 * cycle through their states. A scenario whose actors cannot complete one after the other (one waits for the
 * other) is refused in set-up with a clear message, never measured by its stall timeout.
 *
 * <p>One design per scenario by default (the first in name order; every design of a scenario builds the same
 * world); {@code -p test=<class>} measures any test class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class SampleCost {
    /** How long a sample run alone may take in set-up before the scenario is declared blocking. */
    private static final long PREFLIGHT_MILLIS = 2_000;

    @Param({
            "org.gupstress.stress.primitives.StoreBuffering.FullFence",
            "org.gupstress.stress.writeback.GupFastVsMkclean.FullBarrier",
            "org.gupstress.stress.writeback.GupVsWriteback.FollPinMerged",
            "org.gupstress.stress.writeback.PinUnpinBalance.PutPageRelease",
            "org.gupstress.stress.zap.GupVsMkclean.MapcountOneWalk",
            "org.gupstress.stress.zap.ZapAndUnpinVsMkclean.MapcountOneWalk",
            "org.gupstress.stress.zap.ZapUnpinVsMkclean.MapcountOneWalk",
            "org.gupstress.stress.zap.ZapVsMkclean.MapcountOneWalk",
            "org.gupstress.stress.dax.BreakLayoutsVsFaultingPinner.DropLockWhileWaiting",
            "org.gupstress.stress.dax.DaxIdleWakeup.PutSubReturn",
            "org.gupstress.stress.dax.ReclaimVsPin.BreakLayoutFinal",
            "org.gupstress.stress.dax.UnpinVsEvictDmaRead.BreakLayoutFinal",
            "org.gupstress.stress.dax.UnpinVsEvictDmaWrite.BreakLayoutFinal",
            "org.gupstress.stress.pgmap.RemoveVsFault.IntrinsicCheckOutside",
            "org.gupstress.stress.pgmap.RemoveVsPin.InodeArbiter",
            "org.gupstress.stress.pgmap.TransientVsRelease.IntrinsicPgmapFolioGet",
            "org.gupstress.stress.ksm.MergeVsGupFast.AnonKsmCheck",
            "org.gupstress.stress.ksm.MergeVsStaleTlbWrite.AnonKsmCheck",
            "org.gupstress.stress.ksm.ProtectVsGupFast.FolioLockedWalk",
            "org.gupstress.stress.ksm.ProtectVsSpawningFault.FolioLockedWalk",
    })
    public String test;

    private JcstressSubject subject;
    /** The actors as {@code (Object) -> void}, in the order that completes; the arbiter as {@code (Object, L_Result)}. */
    private MethodHandle[] actors;
    private MethodHandle arbiter;
    private final L_Result result = new L_Result();
    private int states;
    private int next;
    private AutoCloseable schedule;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        subject = new JcstressSubject(testClass(test));
        states = subject.initialStates();
        schedule = Schedules.installInEveryWorld(Schedules.none());
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        List<MethodHandle> hs = new ArrayList<>();
        for (String a : runnableOrder()) {
            hs.add(lookup.unreflect(subject.testClass().getMethod(a))
                    .asType(MethodType.methodType(void.class, Object.class)));
        }
        actors = hs.toArray(new MethodHandle[0]);
        Method arb = java.util.Arrays.stream(subject.testClass().getMethods())
                .filter(m -> m.isAnnotationPresent(Arbiter.class)).findFirst().orElseThrow();
        arbiter = lookup.unreflect(arb).asType(MethodType.methodType(void.class, Object.class, L_Result.class));
    }

    /** A test class by its JCStress name, which spells a nested class with a dot ("...GupVsWriteback.FollPinMerged"). */
    static Class<?> testClass(String name) throws ClassNotFoundException {
        String binary = name;
        while (true) {
            try {
                return Class.forName(binary);
            } catch (ClassNotFoundException e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0) {
                    throw new ClassNotFoundException(name, e);
                }
                binary = binary.substring(0, dot) + '$' + binary.substring(dot + 1);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        schedule.close();
    }

    /**
     * One sample: a fresh world, every actor, the arbiter's outcome (returned, so that nothing is optimized away).
     * The result object is reused, as JCStress resets its result objects between samples.
     */
    @Benchmark
    public Object sample() throws Throwable {
        Object world = subject.newInstance(next);
        next = next + 1 == states ? 0 : next + 1;
        for (MethodHandle a : actors) {
            a.invokeExact(world);
        }
        arbiter.invokeExact(world, result);
        return result.r1;
    }

    /**
     * The actors in name order, or reversed if only that completes: set-up runs one sample each way on a daemon
     * thread with a time limit, so a scenario whose first actor waits for the second is refused, not timed.
     */
    private List<String> runnableOrder() throws Exception {
        List<String> names = subject.threadNames();
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        for (List<String> order : List.of(names, reversed)) {
            FutureTask<String> one = new FutureTask<>(() -> {
                Object world = subject.newInstance(0);
                for (String a : order) {
                    subject.actor(world, a).run();
                }
                return subject.classify(world);
            });
            Thread t = new Thread(one, "preflight");
            t.setDaemon(true);
            t.start();
            try {
                one.get(PREFLIGHT_MILLIS, TimeUnit.MILLISECONDS);
                return order;
            } catch (TimeoutException | ExecutionException e) {
                t.interrupt();
            }
        }
        throw new IllegalStateException(test + ": its actors do not complete when run one after the other on one "
                + "thread (one waits for another); its sample cost cannot be measured this way");
    }
}
