package org.gupstress.reports.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.UserError;

/** Durations on the command line: "90s", "15m", "2h", or plain seconds. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,7})([smh]?)");

    private Durations() {
    }

    static Duration parse(String option, String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UserError(option + " '" + text + "': expected a positive duration such as 90s, 15m or 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
