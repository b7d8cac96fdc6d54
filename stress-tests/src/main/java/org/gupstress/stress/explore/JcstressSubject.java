package org.gupstress.stress.explore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.gupstress.model.kernel.sched.explore.Subject;
import org.gupstress.stress.InitialState;
import org.gupstress.stress.Outcomes;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A JCStress test class as the explorer's {@link Subject}: exactly what JCStress runs. Its public no-argument
 * constructor builds the world, the {@code @Actor} methods declared on the class are the threads (in name order,
 * which fixes the order of the explorer's choices), and the {@code @Arbiter} classifies into an {@link L_Result}
 * whose {@code r1} is the outcome id. Outcomes are graded by the class's own {@code @Outcome} annotations, matched
 * as JCStress matches them (the id is a regular expression; an {@code @Outcome} without id is the default).
 */
public final class JcstressSubject implements Subject {
    /** How an outcome is graded. */
    public enum Grade {
        /** ACCEPTABLE, or ACCEPTABLE_INTERESTING without "BUG:". */
        OK,
        /** ACCEPTABLE_INTERESTING whose description starts with "BUG:": a BROKEN or OPEN design's bug. */
        BUG,
        /** FORBIDDEN (including the default outcome: unclassified). */
        FORBIDDEN
    }

    private final Class<?> test;
    private final List<Method> actors;
    private final Method arbiter;

    public JcstressSubject(Class<?> test) {
        this.test = test;
        this.actors = Arrays.stream(test.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Actor.class))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
        this.arbiter = Arrays.stream(test.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Arbiter.class))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(test.getName() + " declares no @Arbiter"));
        if (actors.isEmpty()) {
            throw new IllegalArgumentException(test.getName() + " declares no @Actor");
        }
        for (Method m : actors) {
            if (m.getParameterCount() != 0) {
                throw new IllegalArgumentException("actor " + m + " takes parameters; the explorer drives no-argument actors");
            }
        }
        if (arbiter.getParameterCount() != 1 || arbiter.getParameterTypes()[0] != L_Result.class) {
            throw new IllegalArgumentException("arbiter " + arbiter + " must take one L_Result");
        }
    }

    public Class<?> testClass() {
        return test;
    }

    /** The threads' names: the actor methods' names, in the order the explorer uses. */
    public List<String> threadNames() {
        return actors.stream().map(Method::getName).toList();
    }

    @Override
    public int initialStates() {
        return InitialState.count(test);
    }

    /** A fresh instance of the test class in initial state {@code state} (see {@link InitialState}). */
    public Object newInstance(int state) {
        return InitialState.with(state, () -> {
            try {
                return test.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("constructing " + test.getName() + " threw " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + test.getName() + ": " + e, e);
            }
        });
    }

    /** A runnable that calls actor {@code name} on {@code instance}. */
    public Runnable actor(Object instance, String name) {
        Method m = actors.stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no actor " + name + " in " + test.getName()));
        return () -> invoke(m, instance);
    }

    /** Runs the arbiter on {@code instance} and returns the outcome id. */
    public String classify(Object instance) {
        L_Result r = new L_Result();
        invoke(arbiter, instance, r);
        return String.valueOf(r.r1);
    }

    @Override
    public Trial newTrial(int state) {
        Object instance = newInstance(state);
        List<Runnable> threads = new ArrayList<>();
        for (Method m : actors) {
            threads.add(() -> invoke(m, instance));
        }
        List<String> names = threadNames();
        return new Trial() {
            @Override
            public List<String> threadNames() {
                return names;
            }

            @Override
            public List<Runnable> threads() {
                return threads;
            }

            @Override
            public String outcome() {
                return classify(instance);
            }

            @Override
            public Object root() {
                return instance;
            }
        };
    }

    /** The grade of {@code outcome} by the class's {@code @Outcome} annotations and its {@code @JCStressMeta} class's. */
    public Grade grade(String outcome) {
        Outcome fallback = null;
        for (Outcome o : Outcomes.of(test)) {
            if (o.id().length == 0 || o.id().length == 1 && o.id()[0].isEmpty()) {
                fallback = o;
                continue;
            }
            for (String id : o.id()) {
                if (Pattern.matches(id, outcome)) {
                    return grade(o);
                }
            }
        }
        return fallback == null ? Grade.FORBIDDEN : grade(fallback);
    }

    /** The description of {@code outcome}'s {@code @Outcome}, or "" if none. */
    public String description(String outcome) {
        for (Outcome o : Outcomes.of(test)) {
            for (String id : o.id()) {
                if (!id.isEmpty() && Pattern.matches(id, outcome)) {
                    return o.desc();
                }
            }
        }
        return "unclassified outcome";
    }

    private static Grade grade(Outcome o) {
        if (o.expect() == Expect.FORBIDDEN) {
            return Grade.FORBIDDEN;
        }
        return o.expect() == Expect.ACCEPTABLE_INTERESTING && o.desc().startsWith("BUG:") ? Grade.BUG : Grade.OK;
    }

    private static void invoke(Method m, Object target, Object... args) {
        try {
            m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + m + ": " + e, e);
        }
    }
}
