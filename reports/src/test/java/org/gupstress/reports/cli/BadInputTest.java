package org.gupstress.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.gupstress.reports.ExitCode;
import org.gupstress.reports.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each kind of bad input of the issue: one clear line naming the problem, exit code 2, and the files already in
 * the output directory untouched.
 */
class BadInputTest {
    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void previousReport() throws Exception {
        out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.json"), "previous");
        Files.writeString(out.resolve("index.html"), "previous");
    }

    private String run(String... args) throws Exception {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        assertEquals(ExitCode.BAD_INPUT, code, Arrays.toString(args) + ": " + err);
        assertEquals("previous", Files.readString(out.resolve("report.json")), "an existing report was touched");
        assertEquals("previous", Files.readString(out.resolve("index.html")));
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "something was written");
        }
        String text = err.toString().strip();
        return text;
    }

    private void oneLine(String text, String expected) {
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("gupstress: " + expected), text);
    }

    @Test
    void unknownProfile() throws Exception {
        oneLine(run("run", "--profile", "fast", "--out", out.toString()), "unknown profile 'fast'");
    }

    @Test
    void regexMatchingNothing() throws Exception {
        oneLine(run("run", "--tests", "NoSuchTest", "--out", out.toString()), "--tests 'NoSuchTest' matches none of the");
    }

    @Test
    void shardOutOfRange() throws Exception {
        oneLine(run("run", "--shard", "3/2", "--out", out.toString()), "--shard 3/2: the index must be between 1 and the count");
    }

    @Test
    void javaThatIsNoJdk() throws Exception {
        oneLine(run("run", "--java", out.resolve("no-such-jdk").toString(), "--out", out.toString()), "--java '");
    }

    @Test
    void tooManyCpus() throws Exception {
        oneLine(run("run", "--cpus", "4096", "--out", out.toString()), "--cpus 4096: this machine has only");
    }

    @Test
    void missingResultsFile() throws Exception {
        oneLine(run("report", dir.resolve("missing.bin.gz").toString(), "--out", out.toString(), "--force"), "results file");
    }

    @Test
    void truncatedResultsFile() throws Exception {
        byte[] full = Files.readAllBytes(Fixtures.smokeResults(dir));
        Path f = Files.write(dir.resolve("cut.bin.gz"), Arrays.copyOf(full, full.length / 2));
        String err = run("report", f.toString(), "--out", out.toString(), "--force");
        oneLine(err, "results file " + f + " is truncated");
    }

    @Test
    void foreignResultsFile() throws Exception {
        Path f = Files.writeString(dir.resolve("foreign.bin.gz"), "PK\u0003\u0004 a zip, not gzip");
        oneLine(run("report", f.toString(), "--out", out.toString(), "--force"), "results file " + f + " is not a JCStress results file");
    }

    @Test
    void hostileResultsFile() throws Exception {
        Path f = dir.resolve("hostile.bin.gz");
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(f)))) {
            o.writeObject(new java.util.HashSet<>(java.util.List.of("a gadget chain would start here")));
        }
        oneLine(run("report", f.toString(), "--out", out.toString(), "--force"),
                "results file " + f + " holds a serialized object outside the allow-list");
    }

    @Test
    void reportNeverOverwritesAReportWithoutForce() throws Exception {
        oneLine(run("report", Fixtures.smokeResults(dir).toString(), "--out", out.toString()),
                "--out " + out + " already holds a report (report.json); give another --out, or --force to replace it");
    }

    /** Usage errors: one line saying what, a hint where to look, never the usage text. */
    @Test
    void usageErrorsAreOneLineWithAHint() throws Exception {
        oneLine(run("bogus"), "unknown command 'bogus' (see 'gupstress --help')");
        oneLine(run("run", "--bogus", "--out", out.toString()), "unknown option '--bogus' (see 'gupstress run --help')");
        oneLine(run("run", "--cpus", "abc", "--out", out.toString()), "invalid value for option '--cpus': 'abc' is not an int"
                + " (see 'gupstress run --help')");
        oneLine(run("report"), "missing required parameter: 'RESULTS_FILE' (see 'gupstress report --help')");
        oneLine(run("list", "--cpus", "0"), "--cpus 0: must be at least 1");
    }

    @Test
    void baselineOfAnotherSchema() throws Exception {
        Path base = Files.writeString(dir.resolve("base.json"), "{\"schema\": \"gupstress-report/0\", \"tests\": []}");
        Path neu = Files.writeString(dir.resolve("new.json"), "{}");
        oneLine(run("compare", base.toString(), neu.toString()),
                "report " + base + " has schema gupstress-report/0; this gupstress reads gupstress-report/2");
        oneLine(run("run", "--baseline", base.toString(), "--out", out.toString()), "report " + base + " has schema");
    }

    @Test
    void notJsonBaseline() throws Exception {
        Path base = Files.writeString(dir.resolve("base.json"), "<html>");
        oneLine(run("compare", base.toString(), base.toString()), "report " + base + " is not valid JSON");
    }

    @Test
    void mergeOfDifferentSuites() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        org.gupstress.reports.report.Report r = Fixtures.report(java.util.List.of(), false);
        Files.writeString(a, org.gupstress.reports.render.ReportJson.write(r));
        Files.writeString(b, org.gupstress.reports.render.ReportJson.write(new org.gupstress.reports.report.Report(
                r.schema(), "9.9.9+x", r.generatedAt(), r.run(), r.environments(), r.summary(), r.tests())));
        oneLine(run("merge", a.toString(), b.toString(), "--out", out.toString()), "suite version mismatch");
    }
}
