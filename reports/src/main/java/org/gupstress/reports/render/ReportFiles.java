package org.gupstress.reports.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.reports.UserError;
import org.gupstress.reports.explore.ExplorationSections;
import org.gupstress.reports.report.Report;

/**
 * Writes the four report files into an output directory. All four are rendered in memory first, then each is
 * written to a temporary file in the same directory and moved into place atomically: a failure (a rendering bug,
 * a full disk, an interruption) never leaves a half-written file or destroys the previous report.
 */
public final class ReportFiles {
    /** The files, in the order they are written. */
    public static final List<String> NAMES = List.of("report.json", "junit.xml", "summary.md", "index.html");

    private ReportFiles() {
    }

    /**
     * @param changes       Markdown describing changes against a baseline, or null
     * @param jcstressIndex whether JCStress's own report is at {@code out/jcstress/index.html}
     */
    public static List<Path> write(Report report, Path out, String changes, boolean jcstressIndex) {
        report = ExplorationSections.withTraces(keepExplorations(report, out));
        Map<String, String> content = new LinkedHashMap<>();
        content.put("report.json", ReportJson.write(report));
        content.put("junit.xml", ExplorationSections.insertJUnit(JUnitXml.write(report), report));
        content.put("summary.md", SummaryMarkdown.write(report, changes) + ExplorationSections.markdown(report));
        content.put("index.html", ExplorationSections.insertHtml(HtmlReport.write(report, jcstressIndex), report));
        prepare(out);
        try {
            for (Map.Entry<String, String> e : content.entrySet()) {
                Path target = out.resolve(e.getKey());
                Path tmp = Files.createTempFile(out, "." + e.getKey() + ".", ".tmp");
                try {
                    Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
                    readableByAll(tmp);
                    move(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot write the report into " + out + ": " + e.getMessage(), e);
        }
        return NAMES.stream().map(out::resolve).toList();
    }

    /**
     * {@code run} and {@code explore} write into the same report: a report without explorations (a JCStress run)
     * written where a report of the same suite version already holds explorations keeps them, so that no
     * exploration result is thrown away and one report shows both kinds of evidence per design.
     */
    static Report keepExplorations(Report report, Path out) {
        Path prior = out.resolve("report.json");
        if (report.explorations() != null || !Files.isRegularFile(prior)) {
            return report;
        }
        try {
            Report old = ReportJson.read(prior);
            if (old.explorations() != null && old.suiteVersion().equals(report.suiteVersion())) {
                return report.withExplorations(old.explorations());
            }
        } catch (UserError e) {
            // not a report this version reads: nothing to keep
        }
        return report;
    }

    /** Creates the output directory, or fails with a clear line if that is impossible. */
    public static void prepare(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " exists and is not a directory");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError("cannot create the output directory " + out + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(out)) {
            throw new UserError("the output directory " + out + " is not writable");
        }
    }

    /** Temporary files are created owner-only; a report is for everyone who can read the directory. */
    static void readableByAll(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
