package org.gupstress.reports.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.gupstress.reports.UserError;
import org.gupstress.reports.suite.TestEntry;
import org.gupstress.stress.Expected;
import org.junit.jupiter.api.Test;

/** Profiles, shards, and the selection of tests (including the ones JCStress could not schedule). */
class RunPlanningTest {

    private static TestEntry entry(String name, int actors) {
        return new TestEntry(name, "A", "s", "t", "D", Expected.SAFE, "src", actors, List.of());
    }

    private static final ForkJvm JDK17 = new ForkJvm(Path.of("/jdk17"), Path.of("/jdk17/bin/java"), 17, "17.0.15", "test");
    private static final ForkJvm JDK25 = new ForkJvm(Path.of("/jdk25"), Path.of("/jdk25/bin/java"), 25, "25.0.3", "test");

    @Test
    void profilesMapToJcstressOptions() {
        assertEquals(Profile.SMOKE, Profile.DEFAULT);
        // JDK 18+: one fork per test; JDK 17: two (+/-UseBiasedLocking) of half the time, the same timed sampling
        List<String> smoke25 = Profile.SMOKE.jcstressOptions(JDK25, List.of());
        List<String> smoke17 = Profile.SMOKE.jcstressOptions(JDK17, List.of());
        assertEquals(String.valueOf(Profile.SMOKE_MILLIS), smoke25.get(smoke25.indexOf("-time") + 1));
        assertEquals(String.valueOf(Profile.SMOKE_MILLIS / 2), smoke17.get(smoke17.indexOf("-time") + 1));
        assertEquals(List.of("-f", "1", "-iters", "1", "-time", String.valueOf(Profile.SMOKE_MILLIS), "-sc", "false"),
                smoke25.subList(0, 8));
        assertEquals(List.of("-jvmArgs", Profile.FORK_JVM_ARGS), smoke25.subList(smoke25.size() - 2, smoke25.size()));
        assertEquals(List.of("-m", "quick"), Profile.QUICK.jcstressOptions(JDK17, List.of()));
        assertEquals(List.of("-m", "quick", "-f", "2"), Profile.QUICK.jcstressOptions(JDK25, List.of()));
        assertEquals(List.of("-m", "tough", "-f", "20", "-jvmArgsPrepend", "-Da=1 -Db=2"),
                Profile.SOAK.jcstressOptions(JDK25, List.of("-Da=1", "-Db=2")));
        assertEquals(Profile.SMOKE.estimatePerTest(JDK25).multipliedBy(2), Profile.SMOKE.estimatePerTest(JDK17));
        assertEquals(Profile.CI, Profile.parse("CI"));
        // 60 s start-up + 3 x the timed sampling + JCStress's own stall timeout, max(10 x time, 30 s)
        assertEquals(Duration.ofMillis(60_000 + 3L * Profile.SMOKE_MILLIS + Math.max(10L * Profile.SMOKE_MILLIS, 30_000)),
                Profile.SMOKE.forkDeadline());
        UserError e = assertThrows(UserError.class, () -> Profile.parse("fast"));
        assertEquals("unknown profile 'fast': use one of smoke, ci, quick, soak", e.getMessage());
    }

    @Test
    void runTimeReplacesTheTimedSamplingOfSmokeAndCiOnly() {
        // run --time (integration tests of the plumbing): the same options but -time, split over JDK 17's two forks
        List<String> smoke = Profile.SMOKE.jcstressOptions(JDK25, List.of(), 500);
        assertEquals("500", smoke.get(smoke.indexOf("-time") + 1));
        List<String> rest = new ArrayList<>(smoke);
        rest.set(smoke.indexOf("-time") + 1, String.valueOf(Profile.SMOKE_MILLIS));
        assertEquals(Profile.SMOKE.jcstressOptions(JDK25, List.of()), rest);
        assertEquals(250, Profile.SMOKE.iterationMillis(JDK17, 500));
        assertEquals(List.of("-iters", "5", "-time", "500"), Profile.CI.jcstressOptions(JDK25, List.of(), 500).subList(2, 6));
        assertEquals(Profile.SMOKE.iterationMillis(JDK25), Profile.SMOKE.iterationMillis(JDK25, 0));
        UserError e = assertThrows(UserError.class, () -> Profile.QUICK.jcstressOptions(JDK25, List.of(), 500));
        assertEquals("--time applies to the smoke and ci profiles, not to quick (JCStress's own mode sets its time)",
                e.getMessage());
    }

    @Test
    void shardsSplitDeterministicallyAndCoverEverythingOnce() {
        List<String> names = IntStream.range(0, 11).mapToObj(i -> "t" + (char) ('a' + (i * 7) % 11)).toList();
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            List<String> part = new Shard(i, 3).select(names, n -> n);
            assertTrue(part.size() == 3 || part.size() == 4, part.toString());
            List<String> reversed = new ArrayList<>(names);
            java.util.Collections.reverse(reversed);
            assertEquals(part, new Shard(i, 3).select(reversed, n -> n), "independent of input order");
            all.addAll(part);
        }
        assertEquals(11, all.size());
        assertEquals(new HashSet<>(names), new HashSet<>(all));
        assertEquals(Shard.ALL.select(names, n -> n).size(), 11);
    }

    /** Longest first onto the least loaded shard: one slow test does not drag its round-robin neighbours along. */
    @Test
    void shardsAreBalancedByExpectedDuration() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        java.util.Map<String, Double> seconds = java.util.Map.of("a", 100.0, "b", 10.0, "c", 10.0, "d", 10.0, "e", 10.0, "f", 60.0);
        List<List<String>> parts = new java.util.ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            parts.add(new Shard(i, 2).select(names, n -> n, seconds::get));
        }
        assertEquals(List.of("a"), parts.get(0));
        assertEquals(List.of("b", "c", "d", "e", "f"), parts.get(1));
        List<String> all = new java.util.ArrayList<>(parts.get(0));
        all.addAll(parts.get(1));
        all.sort(null);
        assertEquals(names, all, "every test exactly once");
        // equal durations: round-robin by name, as before
        assertEquals(List.of("a", "c", "e"), new Shard(1, 2).select(names, n -> n));
    }

    @Test
    void badShards() {
        assertEquals("--shard 3/2: the index must be between 1 and the count (2)",
                assertThrows(UserError.class, () -> Shard.parse("3/2")).getMessage());
        assertThrows(UserError.class, () -> Shard.parse("0/2"));
        assertEquals("--shard 'half': expected I/N, e.g. 1/4", assertThrows(UserError.class, () -> Shard.parse("half")).getMessage());
        assertEquals(new Shard(2, 4), Shard.parse(" 2/4 "));
    }

    @Test
    void testsNeedingMoreCpusAreNotRunWithTheReason() {
        List<TestEntry> entries = List.of(entry("a.Two", 2), entry("a.Three", 3), entry("b.Two", 2));
        Selection s = Selection.of(entries, null, Shard.ALL, null, 2);
        assertEquals(List.of("a.Two", "b.Two"), s.runnable().stream().map(TestEntry::name).toList());
        assertEquals("needs 3 CPUs, 2 available", s.notRun().get("a.Three"));
        assertEquals(3, s.selected().size());
        Selection one = Selection.of(entries, "a\\.", Shard.ALL, 1, 2);
        assertEquals("needs 2 CPUs, 1 available (--cpus 1)", one.notRun().get("a.Two"));
        assertTrue(one.runnable().isEmpty());
        assertEquals("^(\\Qa.Two\\E|\\Qb.Two\\E)$", s.jcstressRegex());
    }

    @Test
    void badSelections() {
        List<TestEntry> entries = List.of(entry("a.Two", 2));
        assertEquals("--tests 'Nothing' matches none of the 1 tests (see ./gupstress list)",
                assertThrows(UserError.class, () -> Selection.of(entries, "Nothing", Shard.ALL, null, 2)).getMessage());
        assertTrue(assertThrows(UserError.class, () -> Selection.of(entries, "(", Shard.ALL, null, 2)).getMessage()
                .startsWith("--tests '(' is not a valid regular expression"));
        assertEquals("--cpus 4: this machine has only 2 CPUs",
                assertThrows(UserError.class, () -> Selection.of(entries, null, Shard.ALL, 4, 2)).getMessage());
    }

    @Test
    void consoleProgressIsCountedFromJcstressOutput() {
        ConsoleMonitor m = new ConsoleMonitor(2);
        assertEquals(null, m.accept(".......... [OK] org.x.SB.OnceOnly"));
        m.accept("(Results: 4 planned; 1 passed, 0 failed, 0 soft errs, 0 hard errs)");
        assertEquals("org.x.SB.OnceOnly", m.accept(".......... [OK] org.x.SB.OnceOnly"));
        assertEquals(null, m.accept("....... [VM ERROR] org.x.SB.FullFence"));
        assertEquals(1, m.testsDone());
        assertEquals(3, m.forksDone());
        assertEquals(4, m.plannedForks());
        m.accept("RUN RESULTS:");
        assertEquals(null, m.accept(".......... [OK] org.x.SB.FullFence"), "the final section repeats tests: not counted");
        assertEquals(3, m.forksDone());
    }

    @Test
    void watchdogKillsOnlyForksPastTheirDeadline() throws Exception {
        Process fork = new ProcessBuilder("bash", "-c", "while :; do sleep 1; done", ForkWatchdog.FORK_MAIN).start();
        Process other = new ProcessBuilder("bash", "-c", "while :; do sleep 1; done", "not-a-fork").start();
        try {
            List<String> notes = new ArrayList<>();
            java.time.Instant[] now = {java.time.Instant.parse("2026-01-01T00:00:00Z")};
            ForkWatchdog w = new ForkWatchdog(Duration.ofSeconds(60), notes::add, () -> now[0]);
            assertEquals(0, w.check(ProcessHandle.current()));
            now[0] = now[0].plusSeconds(59);
            assertEquals(0, w.check(ProcessHandle.current()));
            now[0] = now[0].plusSeconds(2);
            assertEquals(1, w.check(ProcessHandle.current()));
            assertTrue(fork.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the fork was killed");
            assertTrue(other.isAlive(), "a process that is not a JCStress fork is left alone");
            assertEquals(List.of(fork.pid()), w.killed());
            assertTrue(notes.get(0).startsWith("killed JCStress fork pid " + fork.pid() + " after 61 s"), notes.get(0));
        } finally {
            ForkWatchdog.killTree(fork.toHandle());
            ForkWatchdog.killTree(other.toHandle());
        }
    }

    @Test
    void forkJdkIsChosenByFeatureVersionAndChecked() throws Exception {
        assertEquals(25, ForkJvm.feature("25.0.3"));
        assertEquals(17, ForkJvm.feature("17"));
        assertEquals(8, ForkJvm.feature("1.8.0_402"));
        assertEquals(0, ForkJvm.feature("abc"));
        assertEquals(2, JDK17.forksPerConfiguration());
        assertEquals(1, JDK25.forksPerConfiguration());
        Path tmp = Files.createTempDirectory("forkjvm");
        try {
            Path old = tmp.resolve("jdk11");
            Files.createDirectories(old.resolve("bin"));
            Path launcher = Files.createFile(old.resolve("bin/java"));
            launcher.toFile().setExecutable(true);
            Files.writeString(old.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
            assertEquals(11, ForkJvm.of(old, "t").orElseThrow().feature());
            UserError tooOld = assertThrows(UserError.class, () -> ForkJvm.choose(old.toString(), null, null));
            assertEquals("--java '" + old + "' is JDK 11.0.2; gupstress needs JDK 17 or newer", tooOld.getMessage());
            UserError notJdk = assertThrows(UserError.class, () -> ForkJvm.choose(null, tmp.toString(), null));
            assertTrue(notJdk.getMessage().startsWith("GUPSTRESS_JAVA '" + tmp + "' is not a JDK"), notJdk.getMessage());
            // a JAVA_HOME older than 17 is never chosen; the running JDK (17+) is the floor
            ForkJvm chosen = ForkJvm.choose(null, null, old.toString());
            assertTrue(chosen.feature() >= 17, chosen.toString());
        } finally {
            try (var w = Files.walk(tmp)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
