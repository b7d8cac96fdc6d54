package org.gupstress.reports.cli;

import java.nio.file.Path;
import java.util.List;

import org.gupstress.reports.UserError;
import org.gupstress.stress.lint.ProofScan;
import org.gupstress.stress.lint.SuiteLint;

/**
 * Refuses to run a suite that fails its lint ({@link SuiteLint}): the same rules as {@code SuiteLintTest}, checked on
 * the path a developer uses, since {@code ./gupstress} builds with {@code -DskipTests}. Cheap: reflection over the
 * listed test classes and one scan of the proofs' sources (skipped when they are not at hand).
 */
final class SuiteLintGate {
    private SuiteLintGate() {
    }

    /** @throws UserError (exit 2) with the first problem and how to see them all */
    static void check(Path home) {
        List<String> problems = SuiteLint.lintSuite(home.resolve(ProofScan.SOURCES));
        if (!problems.isEmpty()) {
            throw new UserError("the suite fails its lint (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + "; first: " + problems.get(0) + "); see all with ./mvnw -B -pl stress-tests -am test -Dtest=SuiteLintTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false");
        }
    }
}
