package org.gupstress.reports.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JUnit proof of each design's bug: the suite's rule (README, "Adding a scenario") is that every bug
 * outcome of a BROKEN design has a JUnit test in the scenario's package under {@code stress-tests/src/test} that
 * reaches it through an {@code Interleaving} script, by instantiating the design's test class and asserting the
 * bug outcome. This reads those sources: a {@code @Test} method is a proof for test class {@code Outer.Inner} if
 * its body instantiates {@code new Outer.Inner(} and names one of that design's bug outcome ids.
 *
 * <p>Sources, not classes: the CLI ships without the test classes, and a reader wants the method to open. When the
 * sources are not at hand (a CLI jar copied elsewhere), no proof is listed.
 */
public final class Proofs {
    /** Where the proofs live, relative to the project root. */
    public static final String SOURCES = "stress-tests/src/test/java";

    private static final Pattern TEST_METHOD = Pattern.compile("@Test\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*void\\s+(\\w+)\\s*\\(");
    private static final Pattern NEW_DESIGN = Pattern.compile("new\\s+(\\w+)\\.(\\w+)\\s*\\(");

    private Proofs() {
    }

    /**
     * @param projectRoot the project's root directory
     * @param entries     the suite
     * @return per test name, its proofs as "package.ClassTest#method", in source order; tests without a proof absent
     */
    public static Map<String, List<String>> find(Path projectRoot, List<TestEntry> entries) {
        Path root = projectRoot.resolve(SOURCES);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        Map<String, TestEntry> bySimpleName = new LinkedHashMap<>();
        for (TestEntry e : entries) {
            String[] p = e.name().split("\\.");
            if (p.length >= 2) {
                bySimpleName.put(String.join(".", java.util.Arrays.copyOf(p, p.length - 2)) + "|" + p[p.length - 2] + "."
                        + p[p.length - 1], e);
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(f -> f.toString().endsWith("Test.java")).sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path f : files) {
            String src;
            try {
                src = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            String pkg = root.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.');
            String cls = pkg + "." + f.getFileName().toString().replace(".java", "");
            Matcher m = TEST_METHOD.matcher(src);
            while (m.find()) {
                String body = body(src, m.end());
                Set<String> designs = new LinkedHashSet<>();
                Matcher n = NEW_DESIGN.matcher(body);
                while (n.find()) {
                    designs.add(pkg + "|" + n.group(1) + "." + n.group(2));
                }
                for (String d : designs) {
                    TestEntry e = bySimpleName.get(d);
                    if (e != null && e.bugOutcomes().stream().anyMatch(id -> Pattern.compile("\\b" + Pattern.quote(id) + "\\b")
                            .matcher(body).find())) {
                        out.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(cls + "#" + m.group(1));
                    }
                }
            }
        }
        return out;
    }

    /** The method body that starts at the first '{' after {@code from}, braces balanced (comments and strings in
     *  the suite's tests hold no unbalanced braces). */
    static String body(String src, int from) {
        int open = src.indexOf('{', from);
        if (open < 0) {
            return "";
        }
        int depth = 0;
        for (int i = open; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return src.substring(open, i + 1);
            }
        }
        return src.substring(open);
    }

    /** The Maven command that runs the given proofs. */
    public static String command(List<String> proofs) {
        if (proofs.isEmpty()) {
            return null;
        }
        List<String> sel = proofs.stream().map(p -> p.substring(p.lastIndexOf('.', p.indexOf('#')) + 1)).toList();
        return "./mvnw -pl stress-tests -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + String.join(",", sel) + "'";
    }
}
