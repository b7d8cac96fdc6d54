package org.gupstress.reports.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gupstress.reports.report.Fmt;
import org.gupstress.reports.report.TestReport;
import org.gupstress.reports.report.TestReport.OutcomeReport;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * One test's outcome frequencies as an SVG bar chart (JFreeChart drawing on JFreeSVG's Graphics2D): one horizontal
 * bar per outcome on a logarithmic axis, so that a bug seen once in ten million samples is as visible as the common
 * outcomes; a whisker for the 95 % Clopper-Pearson interval; for an outcome never seen, a grey whisker up to its
 * 95 % upper bound ending in an open marker, labelled "&lt; bound". Bars are coloured by grade.
 */
public final class OutcomeChart {
    static final Color ACCEPTABLE = new Color(0x4c, 0xa8, 0x5a);
    static final Color INTERESTING = new Color(0xe8, 0x9a, 0x1c);
    static final Color FORBIDDEN = new Color(0xd0, 0x3b, 0x3b);
    static final Color UNSEEN = new Color(0x90, 0x90, 0x90);
    private static final int WIDTH = 720;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private OutcomeChart() {
    }

    /** The chart as an SVG document, or null when the test has no samples. */
    public static String svg(TestReport t) {
        if (t.samples() == 0 || t.outcomes().isEmpty()) {
            return null;
        }
        List<OutcomeReport> outs = t.outcomes();
        String[] ids = outs.stream().map(o -> Text.xmlSafe(o.id())).toArray(String[]::new);
        double min = 1;
        for (OutcomeReport o : outs) {
            if (o.count() > 0) {
                min = Math.min(min, Math.max(o.ci().lower(), o.frequency() / 10));
            } else if (o.upperBound() != null) {
                min = Math.min(min, o.upperBound());
            }
        }
        double lower = Math.pow(10, Math.floor(Math.log10(min)) - 1);

        XYIntervalSeries bars = new XYIntervalSeries("observed");
        XYIntervalSeries whiskers = new XYIntervalSeries("95% interval");
        XYIntervalSeries unseen = new XYIntervalSeries("never seen");
        Paint[] barPaint = new Paint[outs.size()];
        XYPlot plot = new XYPlot();
        int b = 0;
        for (int i = 0; i < outs.size(); i++) {
            OutcomeReport o = outs.get(i);
            if (o.count() > 0) {
                bars.add(i, i - 0.32, i + 0.32, lg(o.frequency()), lg(lower), lg(o.frequency()));
                barPaint[b++] = paint(o.grade());
                whiskers.add(i, i, i, lg(o.frequency()), lg(Math.max(lower, o.ci().lower())), lg(o.ci().upper()));
                plot.addAnnotation(label(i, lg(o.ci().upper() * 1.4),
                        Fmt.prob(o.frequency()) + "  (" + Fmt.count(o.count()) + ")"));
            } else {
                double ub = o.upperBound();
                unseen.add(i, i, i, lg(ub), lg(lower), lg(ub));
                plot.addAnnotation(label(i, lg(ub * 1.4), "0  (< " + Fmt.prob(ub) + " at 95%)"));
            }
        }

        SymbolAxis outcomesAxis = new SymbolAxis(null, ids);
        outcomesAxis.setInverted(true);
        outcomesAxis.setGridBandsVisible(false);
        outcomesAxis.setTickLabelFont(FONT.deriveFont(Font.BOLD));
        outcomesAxis.setRange(-0.6, outs.size() - 0.4);
        // A linear axis over log10(frequency), not JFreeChart's LogAxis: LogAxis draws its tick labels as
        // attributed strings, which JFreeSVG can only write as glyph outlines (kilobytes per label).
        NumberAxis freqAxis = new NumberAxis("frequency (log scale)");
        // room on the right of 1 for the labels of the longest bars
        freqAxis.setRange(lg(lower), 2);
        freqAxis.setTickUnit(new NumberTickUnit(1)); // one tick per decade
        freqAxis.setTickLabelFont(FONT);
        freqAxis.setLabelFont(FONT);
        freqAxis.setNumberFormatOverride(new DecadeFormat());
        plot.setDomainAxis(outcomesAxis);
        plot.setRangeAxis(freqAxis);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setDomainGridlinesVisible(false);
        plot.setOutlineVisible(false);

        XYIntervalSeriesCollection barData = new XYIntervalSeriesCollection();
        barData.addSeries(bars);
        XYBarRenderer barRenderer = new XYBarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return barPaint[item];
            }
        };
        barRenderer.setUseYInterval(true);
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setDrawBarOutline(false);

        XYIntervalSeriesCollection errorData = new XYIntervalSeriesCollection();
        errorData.addSeries(whiskers);
        errorData.addSeries(unseen);
        XYErrorRenderer errorRenderer = new XYErrorRenderer();
        errorRenderer.setDrawXError(false);
        errorRenderer.setDrawYError(true);
        errorRenderer.setCapLength(8);
        errorRenderer.setDefaultLinesVisible(false);
        errorRenderer.setErrorPaint(Color.DARK_GRAY);
        errorRenderer.setErrorStroke(new BasicStroke(1.3f));
        errorRenderer.setSeriesPaint(0, Color.DARK_GRAY);
        errorRenderer.setSeriesShape(0, new Rectangle(-1, -4, 2, 8));
        errorRenderer.setSeriesPaint(1, UNSEEN);
        errorRenderer.setSeriesShape(1, new Polygon(new int[]{-5, 4, 4}, new int[]{0, -5, 5}, 3));
        errorRenderer.setSeriesShapesFilled(1, false);

        // dataset 0 is drawn last (on top): the whiskers over the bars
        plot.setDataset(0, errorData);
        plot.setRenderer(0, errorRenderer);
        plot.setDataset(1, barData);
        plot.setRenderer(1, barRenderer);
        plot.setFixedLegendItems(legend());

        JFreeChart chart = new JFreeChart(null, FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setItemFont(FONT);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        int height = 90 + 34 * outs.size();
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
        // Compact numbers: a tenth of a pixel is below what any screen shows; the default prints up to 15 digits.
        g2.setGeomDoubleConverter(OutcomeChart::compact);
        g2.setTransformDoubleConverter(d -> compact(Math.round(d * 1000) / 1000.0));
        g2.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
        g2.setDefsKeyPrefix("c"); // ids need to be unique within this one image only
        chart.draw(g2, new Rectangle2D.Double(0, 0, WIDTH, height));
        return shrink(g2.getSVGElement());
    }

    private static final Pattern STYLE = Pattern.compile("style='([^']*)'");
    private static final Pattern CANVAS_CLIP = Pattern.compile("<clipPath id='([^']*)'><path d='M0,0L(\\d+),0L\\2,(\\d+)L0,\\3L0,0Z'/></clipPath>");

    /**
     * The same drawing, smaller: JFreeSVG writes every element's full style inline and clips everything to the
     * whole canvas. Styles used more than once become classes of one {@code <style>} sheet, and the clip to the
     * canvas (a no-op) is dropped. About a third of the size, pixel for pixel the same picture.
     */
    static String shrink(String svg) {
        Matcher clip = CANVAS_CLIP.matcher(svg);
        if (clip.find()) {
            String id = clip.group(1);
            svg = svg.replace(clip.group(), "").replace(" clip-path='url(#" + id + ")'", "");
        }
        for (String ns : List.of("xlink", "jfreesvg")) {
            if (!svg.contains(ns + ":")) {
                svg = svg.replaceFirst(" xmlns:" + ns + "='[^']*'", "");
            }
        }
        Map<String, Integer> uses = new LinkedHashMap<>();
        Matcher m = STYLE.matcher(svg);
        while (m.find()) {
            uses.merge(m.group(1), 1, Integer::sum);
        }
        Map<String, String> classes = new LinkedHashMap<>();
        uses.forEach((style, n) -> {
            if (n > 1) {
                classes.put(style, "s" + classes.size());
            }
        });
        if (classes.isEmpty()) {
            return svg;
        }
        StringBuilder sheet = new StringBuilder("<style>");
        classes.forEach((style, cls) -> sheet.append('.').append(cls).append('{').append(style).append('}'));
        sheet.append("</style>");
        StringBuilder out = new StringBuilder(svg.length());
        m = STYLE.matcher(svg);
        while (m.find()) {
            String cls = classes.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(cls == null ? m.group() : "class='" + cls + "'"));
        }
        m.appendTail(out);
        int defs = out.indexOf("<defs>");
        if (defs >= 0) {
            out.insert(defs + "<defs>".length(), sheet);
        } else {
            out.insert(out.indexOf(">") + 1, "<defs>" + sheet + "</defs>");
        }
        return out.toString();
    }

    private static double lg(double v) {
        return Math.log10(v);
    }

    /** 12.0 as "12", 12.34 as "12.3". */
    static String compact(double d) {
        double r = Math.round(d * 10) / 10.0;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return Double.toString(r);
    }

    private static XYTextAnnotation label(int x, double y, String text) {
        XYTextAnnotation a = new XYTextAnnotation(Text.xmlSafe(text), x, y);
        a.setFont(FONT);
        a.setTextAnchor(TextAnchor.CENTER_LEFT);
        a.setPaint(Color.BLACK);
        return a;
    }

    private static LegendItemCollection legend() {
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem("acceptable", ACCEPTABLE));
        items.add(new LegendItem("interesting", INTERESTING));
        items.add(new LegendItem("forbidden", FORBIDDEN));
        items.add(new LegendItem("whisker: 95% Clopper-Pearson interval; grey: never seen, 95% upper bound", UNSEEN));
        return items;
    }

    /** Tick labels at log10 values: "1e-6" ... "1"; none above 1 (that part of the axis only holds the bars' labels). */
    static final class DecadeFormat extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            if (v > 0.0001) {
                return to.append(' '); // JFreeChart cannot draw an empty label
            }
            long exp = Math.round(v);
            return to.append(exp == 0 ? "1" : "1e" + exp);
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException();
        }
    }

    static Color paint(String grade) {
        return switch (grade) {
            case "ACCEPTABLE" -> ACCEPTABLE;
            case "ACCEPTABLE_INTERESTING" -> INTERESTING;
            default -> FORBIDDEN;
        };
    }
}
