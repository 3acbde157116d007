package io.sigillo.bench.load;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The two plots of docs/performance.md, drawn from one run's figures. */
final class Plots {

    /** One offered load and the latencies it gave. */
    record Point(String route, double offeredPerSecond, Latencies latency) {
    }

    private Plots() {
    }

    /** p50 and p99 latency submit → delivery receipt against offered load, a line per route and percentile. */
    static void latencyAgainstLoad(List<Point> points, Path png) throws IOException {
        XYSeriesCollection series = new XYSeriesCollection();
        for (String route : points.stream().map(Point::route).distinct().toList()) {
            XYSeries p50 = new XYSeries(LoadBenchmark.title(route) + ", p50");
            XYSeries p99 = new XYSeries(LoadBenchmark.title(route) + ", p99");
            for (Point p : points) {
                if (p.route().equals(route) && p.latency().count() > 0) {
                    p50.add(p.offeredPerSecond(), p.latency().p50());
                    p99.add(p.offeredPerSecond(), p.latency().p99());
                }
            }
            series.addSeries(p50);
            series.addSeries(p99);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Latency submit → delivery receipt stored",
                "offered load (messages/s)", "seconds", series, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }

    /** CPU milliseconds per message of each process, a bar group per route. */
    static void cpuPerMessage(Map<String, Map<String, Double>> byRoute, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        byRoute.forEach((route, processes) -> processes.forEach(
                (process, ms) -> data.addValue(ms, process, LoadBenchmark.title(route))));
        JFreeChart chart = ChartFactory.createStackedBarChart("CPU per message, by process", "route",
                "CPU milliseconds per message", data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 600);
    }
}
