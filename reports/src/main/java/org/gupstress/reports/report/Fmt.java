package org.gupstress.reports.report;

import java.util.Locale;

/** Number formats shared by the reasons and the renderers, locale-independent. */
public final class Fmt {
    private Fmt() {
    }

    /** 1234567 as "1,234,567". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A probability: "0.052", "3.1e-7", "0", and close to 1 "1-2.7e-4" (so that 0.99973 does not read 1.000). */
    public static String prob(double p) {
        if (p == 0) {
            return "0";
        }
        if (p >= 0.999 && p < 1) {
            return "1-" + prob(1 - p);
        }
        if (p >= 0.01) {
            return String.format(Locale.ROOT, "%.3f", p);
        }
        String s = String.format(Locale.ROOT, "%.1e", p);
        // Java writes 3.1e-07; shorten the exponent
        return s.replaceFirst("e-0*(\\d)", "e-$1").replaceFirst("e\\+0*(\\d)", "e$1");
    }

    /** Samples per second: "1.2 M/s". */
    public static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M/s", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k/s", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f /s", perSecond);
    }

    /** Seconds as "1:05" or "1:02:03". */
    public static String duration(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** "1 test", "2 tests": a count with its noun, singular or plural. */
    public static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
