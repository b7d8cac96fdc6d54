package org.gupstress.model.kernel.sched.explore;

import java.util.ArrayList;
import java.util.List;

import org.gupstress.model.kernel.sched.Interleaving;
import org.gupstress.model.kernel.sched.MemoryModel;

/**
 * One explored schedule that ended in a given outcome: its steps, printable as a timeline and as the steps of an
 * {@link org.gupstress.model.kernel.sched.Interleaving} script that reproduces it.
 *
 * @param outcome     the outcome the schedule ended in
 * @param state       the initial state of the instance it ran on (see {@link Subject#initialStates()})
 * @param steps       every step, in order
 * @param preemptions how many preemptive context switches it makes
 * @param schedule    which schedule of the exploration it was (1-based)
 * @param variables   the shared variables' names, by number ({@link Step.Event#variable()}): the path of fields
 *                    from the test instance ({@code world.folio.refcount}), or {@code Atomic#7} for one it cannot
 *                    reach
 * @param memoryModel the memory model it ran under
 */
public record Trace(String outcome, int state, List<Step> steps, int preemptions, long schedule,
                    List<String> variables, MemoryModel memoryModel) {

    /**
     * A table, one step per row: step number, thread, the schedule point (or lock) it went from and to, a
     * preemption mark; below each row, what the step did to the shared variables, in order:
     * <pre>
     *   read NAME = V                  a load
     *   NAME: OLD -> NEW               an RMW (atomic_inc, cmpxchg, ...)
     *   NAME := V                      a store, visible at once
     *   NAME := V (store buffered)     a store that entered the thread's store buffer
     *   read NAME = V (forwarded ...)  a load served from the thread's own store buffer
     * </pre>
     * A store buffer's flush is a row of its own, {@code (cpu)}, with the store it makes visible.
     */
    public String timeline() {
        int w = 6;
        for (Step s : steps) {
            w = Math.max(w, s.thread().length());
        }
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Step s : steps) {
            sb.append(String.format("%3d  ", ++n));
            switch (s.kind()) {
                case RUN -> sb.append(pad(s.thread(), w)).append("  ").append(s.from()).append(" -> ").append(s.to())
                        .append(s.preemption() ? "   [preempts]" : "");
                case FLUSH -> sb.append(pad("(cpu)", w)).append("  ").append(s.thread()).append("'s store at ")
                        .append(s.to()).append(" becomes visible");
                case PROMISE -> sb.append(pad(s.thread(), w)).append("  promises, at ").append(s.from())
                        .append(", a later store of its own (load buffering)");
            }
            for (String line : describe(s.events())) {
                sb.append("\n     ").append(pad("", w)).append("    ").append(line);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The events as timeline lines: a READ directly followed by a WRITE of the same variable is one RMW line. */
    private List<String> describe(List<Step.Event> events) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Step.Event e = events.get(i);
            String v = (e.variable() >= 0 ? name(e.variable()) : "") + field(e);
            switch (e.kind()) {
                case READ -> {
                    Step.Event next = i + 1 < events.size() ? events.get(i + 1) : null;
                    if (next != null && next.kind() == Step.EventKind.WRITE && next.variable() == e.variable()
                            && java.util.Objects.equals(next.text(), e.text())) {
                        out.add(v + ": " + e.value() + " -> " + next.value());
                        i++;
                    } else {
                        out.add("read " + v + " = " + e.value());
                    }
                }
                case WRITE -> out.add(v + " := " + e.value());
                case BUFFER -> out.add(e.variable() < 0 ? "a store buffered (shown when it becomes visible)"
                        : v + " := " + e.value() + " (store buffered)");
                case DRAIN -> out.add("full barrier: " + e.value() + " buffered store(s) become visible");
                case FORWARD -> out.add("read " + v + " = " + e.value() + " (forwarded from its own store buffer)");
                case PICK -> out.add("  (" + e.text() + ")");
                case PROMISE -> out.add(v + " := " + e.value() + " (promised: visible to the others now, its thread"
                        + " must store it later)");
                case TEXT -> out.add(e.text());
            }
        }
        return out;
    }

    /** For an access to a field or element of a structure ({@code kernel.sched.Location}): {@code .index}, {@code [3]}. */
    private static String field(Step.Event e) {
        return e.kind() != Step.EventKind.PICK && e.kind() != Step.EventKind.TEXT && e.text() != null ? e.text() : "";
    }

        private String name(int variable) {
        return variable < variables.size() ? variables.get(variable) : "#" + variable;
    }

    /**
     * The script's steps, one call per line ({@code .step("dma", "gup.after_grab")}, {@code .flush("gup")}; under the
     * weak memory model {@code .pick("P1", 1)} before the step whose access made that choice, and
     * {@code .promise("P0", s, "y", 1)} for a promise, {@code s} the test instance the script builds), to follow
     * {@link #scriptStart()} and its {@code .thread(...)} lines.
     */
    public List<String> scriptSteps() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            switch (s.kind()) {
                case RUN -> {
                    for (Step.Event e : s.events()) {
                        if (e.kind() == Step.EventKind.PICK) {
                            out.add(".pick(" + quote(s.thread()) + ", " + e.value() + ")");
                        }
                    }
                    String target = s.to().equals("end") ? "Interleaving.END"
                            : s.blocked() ? "Interleaving.BLOCKED" : quote(s.to());
                    out.add(".step(" + quote(s.thread()) + ", " + target + ")");
                }
                case FLUSH -> out.add(".flush(" + quote(s.thread()) + ")");
                case PROMISE -> {
                    Step.Event e = s.events().get(0);
                    out.add(".promise(" + quote(s.thread()) + ", s, " + quote(name(e.variable())) + ", " + e.value()
                            + ")");
                }
            }
        }
        return out;
    }

    /**
     * The script {@link #scriptStart()} and {@link #scriptSteps()} print, built call for call: an
     * {@link Interleaving#inEveryWorld(MemoryModel)} script with {@code threads} (name to body, in the trace's thread
     * order) and this trace's steps, picks, flushes and promises, ready to {@link Interleaving#run()}. A promise's
     * variable is found from {@code root} by its path, as the printed {@code .promise(...)} line does.
     */
    public Interleaving script(java.util.Map<String, Runnable> threads, Object root) {
        Interleaving script = Interleaving.inEveryWorld(memoryModel);
        threads.forEach(script::thread);
        for (Step s : steps) {
            switch (s.kind()) {
                case RUN -> {
                    for (Step.Event e : s.events()) {
                        if (e.kind() == Step.EventKind.PICK) {
                            script.pick(s.thread(), (int) e.value());
                        }
                    }
                    script.step(s.thread(), s.to().equals("end") ? Interleaving.END
                            : s.blocked() ? Interleaving.BLOCKED : s.to());
                }
                case FLUSH -> script.flush(s.thread());
                case PROMISE -> {
                    Step.Event e = s.events().get(0);
                    script.promise(s.thread(), root, name(e.variable()), e.value());
                }
            }
        }
        return script;
    }

    /**
     * The script's first line: {@code Interleaving.inEveryWorld()}, with the memory model if it is not the default
     * ({@code Interleaving.inEveryWorld(MemoryModel.WEAK)}, which needs {@code import
     * org.gupstress.model.kernel.sched.MemoryModel;}).
     */
    public String scriptStart() {
        return memoryModel == MemoryModel.TSO ? "Interleaving.inEveryWorld()"
                : "Interleaving.inEveryWorld(MemoryModel." + memoryModel + ")";
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
