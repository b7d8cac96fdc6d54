package org.gupstress.reports.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Date;
import java.util.zip.GZIPOutputStream;

import org.gupstress.reports.Fixtures;
import org.gupstress.reports.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading JCStress results files: the good, the truncated, the foreign and the hostile. */
class ResultsReaderTest {
    @TempDir
    Path dir;

    /** A class outside the allow-list whose deserialization would have a side effect (a stand-in for a gadget). */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean triggered;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            triggered = true;
        }
    }

    @Test
    void readsARealResultsFile() {
        ResultsReader.Contents c = ResultsReader.read(Fixtures.smokeResults(dir), ResultsReader.Mode.COMPLETE);
        assertFalse(c.truncated());
        assertEquals(4, c.results().size(), "2 tests x 2 forks");
        assertTrue(ResultsFilter.installed());
        assertTrue(c.results().stream().allMatch(r -> r.getName().startsWith("org.gupstress.stress.primitives.StoreBuffering")));
    }

    @Test
    void missingFile() {
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(dir.resolve("nope.bin.gz"), ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.bin.gz"));
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(f, ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        assertTrue(ResultsReader.read(f, ResultsReader.Mode.PARTIAL).results().isEmpty());
    }

    @Test
    void notGzip() throws IOException {
        Path f = Files.writeString(dir.resolve("foreign.bin.gz"), "{\"this\": \"is json\"}");
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(f, ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("not a JCStress results file"), e.getMessage());
    }

    @Test
    void gzipWithoutJavaSerialization() throws IOException {
        Path f = dir.resolve("text.bin.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("hello, not serialized".getBytes());
        }
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(f, ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("no Java serialization stream"), e.getMessage());
    }

    @Test
    void truncatedFileIsRefusedUnlessPartial() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.smokeResults(dir));
        Path f = dir.resolve("truncated.bin.gz");
        Files.write(f, Arrays.copyOf(full, full.length * 2 / 3));
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(f, ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
        ResultsReader.Contents partial = ResultsReader.read(f, ResultsReader.Mode.PARTIAL);
        assertTrue(partial.truncated());
        assertTrue(partial.results().size() < 4, "some results are cut off: " + partial.results().size());
    }

    @Test
    void foreignSerializedObjectIsRefused() throws IOException {
        Path f = dir.resolve("date.bin.gz");
        try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(Files.newOutputStream(f)))) {
            out.writeObject(new Date(0));
        }
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(f, ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("outside the allow-list"), e.getMessage());
    }

    @Test
    void craftedObjectOutsideTheAllowListIsNeverDeserialized() throws IOException {
        Gadget.triggered = false;
        Path f = dir.resolve("hostile.bin.gz");
        try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(Files.newOutputStream(f)))) {
            out.writeObject(new Gadget());
        }
        UserError e = assertThrows(UserError.class, () -> ResultsReader.read(f, ResultsReader.Mode.COMPLETE));
        assertTrue(e.getMessage().contains("outside the allow-list"), e.getMessage());
        assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
        assertFalse(Gadget.triggered, "the gadget's readObject ran");
    }

    @Test
    void allowListedClassesAreExactlyThoseOfAResultsFile() {
        // The list was found by experiment; a class added to it must be justified by a real results file.
        assertEquals(17, ResultsFilter.ALLOWED.size());
        assertTrue(ResultsFilter.ALLOWED.stream().noneMatch(c -> c.startsWith("java.util.") && !c.equals("java.util.ArrayList")
                && !c.equals("java.util.HashMap")));
    }
}
