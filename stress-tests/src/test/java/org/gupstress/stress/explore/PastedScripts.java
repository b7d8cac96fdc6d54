package org.gupstress.stress.explore;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Pastes printed {@code Interleaving} scripts, as text, into one JUnit-style source file, compiles it with the JDK's
 * compiler against the test classpath, loads it and runs each script: the literal check that what
 * {@code gupstress explore} prints is ready to paste.
 */
final class PastedScripts {
    private PastedScripts() {
    }

    /**
     * Where the classes a script uses come from (the model, the stress tests, JCStress, JUnit), plus this JVM's class
     * path: Surefire may run tests from a manifest-only jar, whose Class-Path javac need not follow.
     */
    private static String classpath() throws java.net.URISyntaxException {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        for (Class<?> c : List.of(org.gupstress.model.kernel.sched.Interleaving.class, org.gupstress.stress.InitialState.class,
                org.openjdk.jcstress.infra.results.L_Result.class, org.junit.jupiter.api.Assertions.class,
                org.opentest4j.AssertionFailedError.class)) {
            parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        parts.add(System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, parts);
    }

    /**
     * Compiles and runs every script of {@code scripts} (each a method body); returns one line per script that did
     * not compile or whose assertion failed, empty if all reproduced their outcome.
     */
    static List<String> compileAndRun(List<String> scripts, Path dir)
            throws IOException, ReflectiveOperationException, java.net.URISyntaxException {
        StringBuilder src = new StringBuilder("""
                package pasted;

                import static org.junit.jupiter.api.Assertions.assertEquals;

                import org.gupstress.model.kernel.sched.Interleaving;
                import org.gupstress.model.kernel.sched.MemoryModel;
                import org.gupstress.stress.InitialState;
                import org.openjdk.jcstress.infra.results.L_Result;

                public class PastedScripts {
                """);
        for (int i = 0; i < scripts.size(); i++) {
            src.append("    public static void script").append(i).append("() {\n")
                    .append(scripts.get(i).indent(8)).append("    }\n\n");
        }
        src.append("}\n");
        Path pkg = Files.createDirectories(dir.resolve("pasted"));
        Path file = pkg.resolve("PastedScripts.java");
        Files.writeString(file, src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        var fm = javac.getStandardFileManager(null, null, null);
        boolean ok = javac.getTask(out, fm, null,
                List.of("-d", dir.toString(), "-classpath", classpath(), "-proc:none"),
                null, fm.getJavaFileObjects(file)).call();
        if (!ok) {
            return List.of("the pasted scripts do not compile:\n" + out);
        }
        java.util.ArrayList<String> problems = new java.util.ArrayList<>();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, PastedScripts.class.getClassLoader())) {
            Class<?> c = cl.loadClass("pasted.PastedScripts");
            for (int i = 0; i < scripts.size(); i++) {
                Method m = c.getMethod("script" + i);
                try {
                    m.invoke(null);
                } catch (InvocationTargetException e) {
                    problems.add("pasted script " + i + " failed: " + e.getCause() + "\n" + scripts.get(i));
                }
            }
        }
        return problems;
    }
}
