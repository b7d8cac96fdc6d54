package org.gupstress.reports.results;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.StreamCorruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.gupstress.reports.UserError;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;

/**
 * Reads a JCStress results file ({@code jcstress-results-*.bin.gz}: gzipped Java serialization of one
 * {@code TestResult} per fork) through JCStress's own {@link DiskReadCollector}, with {@link ResultsFilter}
 * installed first.
 *
 * <p>JCStress's reader treats any end of stream as the normal end, so a truncated file would silently lose its
 * tail. This reader first checks the gzip stream end to end and tells a complete file from a truncated one:
 * {@link Mode#COMPLETE} refuses a truncated file; {@link Mode#PARTIAL} (an interrupted run, whose JCStress never
 * closed its file) keeps every result read before the cut.
 */
public final class ResultsReader {
    /** How to treat a file that ends early. */
    public enum Mode {
        /** A truncated file is bad input. */
        COMPLETE,
        /** A truncated file is expected (interrupted run): keep what it holds. */
        PARTIAL
    }

    /**
     * What a file held.
     *
     * @param results   one TestResult per fork, in file order
     * @param truncated whether the file ended early
     */
    public record Contents(List<TestResult> results, boolean truncated) {
    }

    private ResultsReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws UserError naming the file and the problem: missing, not gzip, corrupt, truncated (in COMPLETE mode),
     *                   not a Java serialization stream, a class outside the allow-list, no results, a malformed result
     */
    public static Contents read(Path file, Mode mode) {
        ResultsFilter.install();
        if (!Files.isRegularFile(file)) {
            throw new UserError("results file " + file + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new UserError("results file " + file + " is not readable");
        }
        try {
            if (Files.size(file) == 0) {
                if (mode == Mode.PARTIAL) {
                    return new Contents(List.of(), true);
                }
                throw new UserError("results file " + file + " is empty");
            }
        } catch (IOException e) {
            throw new UserError("results file " + file + " cannot be read: " + e.getMessage(), e);
        }
        boolean truncated = checkGzip(file);
        if (truncated && mode == Mode.COMPLETE) {
            throw new UserError("results file " + file + " is truncated (was its run interrupted?); "
                    + "use 'report --partial' to render what it holds");
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader;
        try {
            reader = new DiskReadCollector(file.toString(), collector);
        } catch (StreamCorruptedException e) {
            throw new UserError("results file " + file + " is not a JCStress results file (no Java serialization stream inside the gzip)", e);
        } catch (EOFException e) {
            if (mode == Mode.PARTIAL) {
                return new Contents(List.of(), true);
            }
            throw new UserError("results file " + file + " is empty", e);
        } catch (IOException e) {
            throw new UserError("results file " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            reader.dump();
        } catch (InvalidClassException e) {
            throw new UserError("results file " + file + " holds a serialized object outside the allow-list ("
                    + e.getMessage() + "); refusing to read it", e);
        } catch (ClassNotFoundException e) {
            throw new UserError("results file " + file + " holds a class this build does not know (" + e.getMessage()
                    + "); it is not a JCStress 0.16 results file", e);
        } catch (IOException | RuntimeException e) {
            if (!(truncated && mode == Mode.PARTIAL)) {
                throw new UserError("results file " + file + " is corrupt: " + e, e);
            }
            // Partial mode: the cut fell inside an object; keep what was read before it.
        } finally {
            reader.close();
        }
        List<TestResult> results = new ArrayList<>(collector.getTestResults());
        for (TestResult r : results) {
            if (r.status() == null || r.getConfig() == null || r.getConfig().name == null || r.getCounter() == null
                    || r.getMessages() == null || r.getVmOut() == null || r.getVmErr() == null) {
                throw new UserError("results file " + file + " holds a malformed TestResult (missing status, config or counts)");
            }
        }
        if (results.isEmpty() && mode == Mode.COMPLETE) {
            throw new UserError("results file " + file + " holds no JCStress test results");
        }
        return new Contents(List.copyOf(results), truncated);
    }

    /** Reads the gzip stream to its end. Returns whether it is truncated; throws for a non-gzip or corrupt file. */
    private static boolean checkGzip(Path file) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // drain: the inflater checks the stream and the CRC at the end
            }
            return false;
        } catch (EOFException e) {
            return true;
        } catch (ZipException e) {
            throw new UserError("results file " + file + " is not a JCStress results file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UserError("results file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
