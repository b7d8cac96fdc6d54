package org.gupstress.reports.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gupstress.reports.report.TestReport;

/** The verdict matrix: one row per scenario, its designs in report order. */
public record Matrix(List<Row> rows, int maxDesigns) {

    /** One scenario and its designs. */
    public record Row(String family, String scenario, String title, List<TestReport> designs) {
    }

    public static Matrix of(List<TestReport> tests) {
        Map<String, List<TestReport>> byScenario = new LinkedHashMap<>();
        for (TestReport t : tests) {
            byScenario.computeIfAbsent(t.family() + "\u0000" + t.scenario(), k -> new ArrayList<>()).add(t);
        }
        List<Row> rows = new ArrayList<>();
        int max = 0;
        for (List<TestReport> designs : byScenario.values()) {
            TestReport first = designs.get(0);
            rows.add(new Row(first.family(), first.scenario(), first.title(), List.copyOf(designs)));
            max = Math.max(max, designs.size());
        }
        return new Matrix(List.copyOf(rows), max);
    }
}
