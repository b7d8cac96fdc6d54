package org.gupstress.model.kernel.sched.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * One explored schedule that ended in a given outcome: its steps, printable as a timeline and as the steps of an
 * {@link org.gupstress.model.kernel.sched.Interleaving} script that reproduces it.
 *
 * @param outcome     the outcome the schedule ended in
 * @param state       the initial state of the instance it ran on (see {@link Subject#initialStates()})
 * @param steps       every step, in order
 * @param preemptions how many preemptive context switches it makes
 * @param schedule    which schedule of the exploration it was (1-based)
 */
public record Trace(String outcome, int state, List<Step> steps, int preemptions, long schedule) {

    /** A table: step number, thread, where it went from and to, preemption marks, and what happened inside. */
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
            }
            for (String note : s.notes()) {
                sb.append("\n     ").append(pad("", w)).append("    ").append(note);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The script's steps, one call per line ({@code .step("dma", "gup.after_grab")}, {@code .flush("gup")}), to follow {@code Interleaving.inEveryWorld()} and its {@code .thread(...)} lines.
     */
    public List<String> scriptSteps() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            switch (s.kind()) {
                case RUN -> {
                    String target = s.to().equals("end") ? "Interleaving.END"
                            : s.blocked() ? "Interleaving.BLOCKED" : quote(s.to());
                    out.add(".step(" + quote(s.thread()) + ", " + target + ")");
                }
                case FLUSH -> out.add(".flush(" + quote(s.thread()) + ")");
            }
        }
        return out;
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
