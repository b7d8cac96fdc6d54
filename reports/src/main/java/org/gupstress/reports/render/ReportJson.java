package org.gupstress.reports.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.gupstress.reports.UserError;
import org.gupstress.reports.report.Report;

/** {@code report.json}: writing, and reading back with a schema check (compare, merge). */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {
    }

    public static String write(Report report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a report.json.
     *
     * @throws UserError if it is missing, not JSON, of another schema, or lacks required fields
     */
    public static Report read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("report " + file + " does not exist or is not a regular file");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("report " + file + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new UserError("report " + file + " is not a gupstress report (no JSON object)");
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new UserError("report " + file + " is not a gupstress report (no \"schema\" field)");
        }
        if (!Report.SCHEMA.equals(schema.asText()) && !Report.SCHEMA_1.equals(schema.asText())) {
            throw new UserError("report " + file + " has schema " + schema.asText() + "; this gupstress reads "
                    + Report.SCHEMA + " (re-render it with 'gupstress report' from its results file)");
        }
        try {
            Report r = MAPPER.treeToValue(tree, Report.class);
            if (r.tests() == null || r.suiteVersion() == null) {
                throw new UserError("report " + file + " lacks \"tests\" or \"suiteVersion\"");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new UserError("report " + file + " does not match schema " + Report.SCHEMA + ": "
                    + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
