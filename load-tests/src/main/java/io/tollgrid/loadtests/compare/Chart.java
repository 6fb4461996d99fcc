package io.tollgrid.loadtests.compare;

import io.tollgrid.loadtests.http.StepResult;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorise p50 (dashed) and p99 (solid) against the offered rate, one colour per system, log latency axis,
 * with a line at each p99 bound.
 */
final class Chart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final double MIN_MS = 0.1;
    private static final double MAX_MS = 10_000;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    private Chart() {
    }

    static void write(List<StepResult> results, List<Double> boundsMillis, String subtitle, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxRate = results.stream().mapToDouble(StepResult::targetRate).max().orElse(1);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Authorise latency vs offered call rate (open loop, corrected for coordinated omission)", LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(subtitle, LEFT, 42);
        g.drawRect(LEFT, TOP, plotW, plotH);
        for (double ms = MIN_MS; ms <= MAX_MS; ms *= 10) {
            int y = y(ms, plotH);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            g.drawString(ms < 1 ? String.valueOf(ms) : String.valueOf((long) ms), LEFT - 45, y + 4);
        }
        for (int i = 0; i <= 5; i++) {
            double rate = maxRate * i / 5;
            int x = LEFT + (int) (plotW * rate / maxRate);
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
            g.drawString(String.valueOf((long) rate), x - 12, TOP + plotH + 20);
        }
        g.drawString("offered call flows per second (authorise + start + stop each)", LEFT + plotW / 2 - 170, HEIGHT - 25);
        g.rotate(-Math.PI / 2);
        g.drawString("authorise latency, ms (log)", -(TOP + plotH / 2 + 70), 20);
        g.rotate(Math.PI / 2);
        g.setColor(new Color(0xff8800));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 4}, 0));
        for (double bound : boundsMillis) {
            g.drawLine(LEFT, y(bound, plotH), LEFT + plotW, y(bound, plotH));
            g.drawString("p99 bound " + Report.ms(bound) + " ms", LEFT + plotW + 8, y(bound, plotH) + 4);
        }
        Map<String, List<StepResult>> bySystem = new LinkedHashMap<>();
        results.forEach(r -> bySystem.computeIfAbsent(r.system(), k -> new java.util.ArrayList<>()).add(r));
        int legend = 0;
        for (Map.Entry<String, List<StepResult>> entry : bySystem.entrySet()) {
            Color colour = COLOURS[legend % COLOURS.length];
            g.setColor(colour);
            plot(g, entry.getValue(), maxRate, plotW, plotH, true, new BasicStroke(2.5f));
            plot(g, entry.getValue(), maxRate, plotW, plotH, false,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.setStroke(new BasicStroke(2.5f));
            int ly = TOP + 20 + legend * 40;
            g.drawLine(LEFT + plotW + 10, ly, LEFT + plotW + 40, ly);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey() + " p99 (solid)", LEFT + plotW + 45, ly + 4);
            g.drawString("p50 (dashed)", LEFT + plotW + 45, ly + 18);
            legend++;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void plot(Graphics2D g, List<StepResult> steps, double maxRate, int plotW, int plotH, boolean p99,
                             BasicStroke stroke) {
        g.setStroke(stroke);
        int px = -1;
        int py = -1;
        for (StepResult step : steps) {
            int x = LEFT + (int) (plotW * step.targetRate() / maxRate);
            int y = y(p99 ? step.authorise().p99() : step.authorise().p50(), plotH);
            g.fillOval(x - 3, y - 3, 6, 6);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static int y(double ms, int plotH) {
        double clamped = Math.max(MIN_MS, Math.min(MAX_MS, ms));
        double fraction = (Math.log10(clamped) - Math.log10(MIN_MS)) / (Math.log10(MAX_MS) - Math.log10(MIN_MS));
        return TOP + plotH - (int) (plotH * fraction);
    }
}
