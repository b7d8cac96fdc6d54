package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the page may break a long name or command, so that it fits at 900 px without breaking mid-word: a
 * qualified name after its separators ({@code org.gupstress.}, {@code Test#}, {@code MAPCOUNT_}, {@code a|b},
 * {@code a, b}), a command only between its words (never after the hyphen of {@code -Dtest=}). The template joins
 * the parts with {@code <wbr>}, or wraps each word in a span that does not wrap; the copied text is unchanged.
 * Used from the template as {@code ${breaks}}.
 */
public final class LineBreaks {
    static final LineBreaks INSTANCE = new LineBreaks();
    private static final String AFTER = "._#|/,=";
    /** A word of a message longer than this may break after its separators (a stack frame, a lock's name). */
    private static final int LONG_WORD = 40;
    private static final String AFTER_IN_MESSAGES = AFTER + "$(";

    private LineBreaks() {
    }

    /** "MAPCOUNT_GUP_BACKOFF" as "MAPCOUNT_", "GUP_", "BACKOFF": a line may break after a separator only. */
    public List<String> at(String s) {
        List<String> parts = new ArrayList<>();
        if (s == null) {
            return parts;
        }
        int from = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            if (AFTER.indexOf(s.charAt(i)) >= 0) {
                parts.add(s.substring(from, i + 1));
                from = i + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }

    /**
     * A message in parts: split after the separators of its words longer than {@value #LONG_WORD} characters, so a
     * 130-character stack frame breaks at a dot rather than at the page's edge; shorter words are left whole.
     */
    public List<String> inLongWords(String text) {
        List<String> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        int from = 0;
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (end - i > LONG_WORD) {
                for (int k = i; k < end - 1; k++) {
                    if (AFTER_IN_MESSAGES.indexOf(text.charAt(k)) >= 0) {
                        parts.add(text.substring(from, k + 1));
                        from = k + 1;
                    }
                }
            }
            i = end;
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** A command's words (split at single spaces, so that joining them with one space gives it back). */
    public List<String> words(String command) {
        return command == null ? List.of() : List.of(command.split(" ", -1));
    }
}
