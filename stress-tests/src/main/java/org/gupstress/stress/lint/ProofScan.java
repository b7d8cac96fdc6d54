package org.gupstress.stress.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the JUnit proof of each design's bug in the suite's test sources. The suite's rule (README, "Adding a
 * scenario") is that every bug outcome of a BROKEN design has a JUnit test in the scenario's package under
 * {@code stress-tests/src/test/java} that reaches it through an {@code Interleaving} script, by instantiating the
 * design's test class and asserting the bug outcome. A {@code @Test} method is a proof of outcome {@code ID} for
 * test class {@code Outer.Inner} if its body instantiates {@code new Outer.Inner(} and names {@code ID} as a word.
 *
 * <p>Sources, not classes: the CLI ships without the test classes, and a reader wants the method to open. Used by
 * the suite lint ({@link SuiteLint#lintProofs}) and by the reports' reproduce lines.
 */
public final class ProofScan {
    /** Where the proofs live, relative to the project root. */
    public static final String SOURCES = "stress-tests/src/test/java";

    private static final Pattern TEST_METHOD = Pattern.compile("@Test\\s+(?:@\\w+(?:\\([^)]*\\))?\\s+)*void\\s+(\\w+)\\s*\\(");
    private static final Pattern NEW_DESIGN = Pattern.compile("new\\s+(\\w+)\\.(\\w+)\\s*\\(");

    /** One proof: a JUnit method ("package.ClassTest#method") and the bug outcome ids its body names. */
    public record Proof(String method, Set<String> outcomes) {
    }

    private ProofScan() {
    }

    /**
     * @param sources the test sources' root ({@code stress-tests/src/test/java})
     * @param bugIds  per JCStress test name ({@code pkg.Outer.Inner}), the bug outcome ids a proof may name
     * @return per test name, its proofs in source order; tests without a proof absent; empty if there are no sources
     */
    public static Map<String, List<Proof>> scan(Path sources, Map<String, ? extends Collection<String>> bugIds) {
        Map<String, List<Proof>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(sources)) {
            return out;
        }
        Map<String, String> bySimpleName = new LinkedHashMap<>();
        for (String name : bugIds.keySet()) {
            String[] p = name.split("\\.");
            if (p.length >= 2) {
                bySimpleName.put(String.join(".", Arrays.copyOf(p, p.length - 2)) + "|" + p[p.length - 2] + "."
                        + p[p.length - 1], name);
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
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
            String pkg = sources.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.');
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
                    String name = bySimpleName.get(d);
                    if (name == null) {
                        continue;
                    }
                    Set<String> named = new LinkedHashSet<>();
                    for (String id : bugIds.get(name)) {
                        if (Pattern.compile("\\b" + Pattern.quote(id) + "\\b").matcher(body).find()) {
                            named.add(id);
                        }
                    }
                    if (!named.isEmpty()) {
                        out.computeIfAbsent(name, k -> new ArrayList<>()).add(new Proof(cls + "#" + m.group(1), Set.copyOf(named)));
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
}
