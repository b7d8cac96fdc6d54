package org.gupstress.reports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.render.ReportJson;
import org.gupstress.reports.report.Report;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.Verdict;
import org.junit.jupiter.api.Test;

/**
 * {@code run --budget} end to end, in the smoke profile on one fast test: the rounds are kept, the report in
 * {@code --out} is the checkpoint of all the rounds (their forks pooled), every link it holds resolves from where it
 * is, and the reproduce line carries the options that change a verdict. The fork samples for 500 ms ({@code --time}:
 * what is tested is the campaign, not the evidence), so a round takes 7-8 s on 2 idle CPUs (4-5 s of it JCStress's
 * start-up); a budget of 20 s gives two rounds while a round takes 6.7 to 10 s, and one on a busy machine. The
 * assertions hold for any number.
 */
class BudgetIT {
    static final String TEST = "org.gupstress.stress.primitives.StoreBuffering.OnceOnly";

    @Test
    void roundsUntilTheBudgetIsSpentWithACheckpointAfterEach() throws Exception {
        Path out = Cli.fresh("budget");
        int code = Cli.run(out.resolve("cli.log"), 5, "run", "--tests", "StoreBuffering\\.OnceOnly$", "--budget", "20s",
                "--fork-deadline", "90s", "--time", "500", "--cpus", "2", "--out", out.toString());
        String log = Cli.log(out.resolve("cli.log"));
        assertEquals(0, code, log);

        List<Path> rounds = new ArrayList<>();
        for (int n = 1; Files.isDirectory(out.resolve("rounds/round-" + n)); n++) {
            rounds.add(out.resolve("rounds/round-" + n));
            assertTrue(log.contains("gupstress: budget: checkpoint after round " + n + ": 1 PASS"), log);
        }
        assertTrue(!rounds.isEmpty(), log);
        Matcher stop = Pattern.compile("budget: \\d+:\\d+ left, less than a round \\(\\d+:\\d+\\): stopping after "
                + rounds.size() + " rounds?").matcher(log);
        assertTrue(stop.find(), "the campaign stops when less than its longest round is left: " + log);

        Report checkpoint = ReportJson.read(out.resolve("report.json"));
        assertTrue(checkpoint.run().notes().get(0).startsWith("budget 0:20: " + rounds.size() + " round"),
                checkpoint.run().notes().toString());
        assertEquals(List.of("--cpus", "2", "--fork-deadline", "90s", "--time", "500"), checkpoint.run().verdictOptions());
        TestReport t = checkpoint.tests().get(0);
        assertEquals(TEST, t.name());
        assertEquals(Verdict.PASS, t.verdict(), t.reason());
        int forks = 0;
        for (Path round : rounds) {
            Report r = ReportJson.read(round.resolve("report.json"));
            assertEquals("COMPLETE", r.run().completion());
            TestReport rt = r.tests().get(0);
            forks += rt.forks();
            assertTrue(Files.isRegularFile(round.resolve(rt.jcstressPage())),
                    "each round keeps JCStress's pages: " + rt.jcstressPage());
        }
        assertEquals(forks, t.forks(), "the checkpoint pools the forks of every round");
        assertEquals("./gupstress run --tests '\\.StoreBuffering\\.OnceOnly$' --cpus 2 --fork-deadline 90s --time 500",
                t.reproduce().run());

        // Every link the checkpoint holds resolves from out (one round: into rounds/round-1/jcstress; several: none,
        // the merged counts are on no JCStress page).
        if (rounds.size() == 1) {
            assertEquals("rounds/round-1/jcstress/" + TEST + ".html", t.jcstressPage());
        } else {
            assertNull(t.jcstressPage());
        }
        String html = Files.readString(out.resolve("index.html"));
        Matcher href = Pattern.compile("href=\"([^\"#:]+)\"").matcher(html);
        while (href.find()) {
            assertTrue(Files.exists(out.resolve(href.group(1))), "index.html links to a missing " + href.group(1));
        }
    }
}
