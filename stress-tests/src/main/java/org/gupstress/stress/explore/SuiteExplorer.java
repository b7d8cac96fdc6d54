package org.gupstress.stress.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.stress.Design;
import org.gupstress.stress.Expected;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Explores the tests of the suite (every class in JCStress's {@code META-INF/TestList}) one after another, each with
 * the same options, and judges each ({@link TestExploration}). A BROKEN design's search stops once the bound in which
 * its bug was found is exhausted; every other design's search runs to the bound (or its budget).
 */
public final class SuiteExplorer {
    private SuiteExplorer() {
    }

    /** The listed test classes whose canonical name matches {@code regex} (find, not full match), sorted by name. */
    public static List<Class<?>> select(String regex) {
        Pattern p = Pattern.compile(regex);
        List<Class<?>> out = new ArrayList<>();
        for (String name : new TreeSet<>(TestList.tests())) {
            if (p.matcher(name).find()) {
                try {
                    out.add(Class.forName(TestList.getInfo(name).binaryName()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("test " + name + " is listed but its class is missing", e);
                }
            }
        }
        return out;
    }

    /** Explores and judges one test class. */
    public static TestExploration explore(Class<?> test, Explorer.Options options) {
        JcstressSubject subject = new JcstressSubject(test);
        boolean broken = test.getAnnotation(Design.class).expected() == Expected.BROKEN;
        Explorer.Exploration e = Explorer.explore(subject, options,
                o -> o.startsWith("EXCEPTION: ") || subject.grade(o) != JcstressSubject.Grade.OK, broken);
        return TestExploration.judge(subject, e);
    }

    /** Explores every class of {@code tests} in order, handing each result to {@code done} as it finishes. */
    public static List<TestExploration> explore(List<Class<?>> tests, Explorer.Options options,
                                                Consumer<TestExploration> done) {
        List<TestExploration> out = new ArrayList<>();
        for (Class<?> t : tests) {
            TestExploration r = explore(t, options);
            done.accept(r);
            out.add(r);
        }
        return out;
    }
}
