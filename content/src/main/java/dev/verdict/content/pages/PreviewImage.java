package dev.verdict.content.pages;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The link-preview picture of a comparison (Open Graph and Twitter's large card, 1200×630), drawn at build time with
 * Java2D: the title, and each tool with its panel ship share. PNG rather than SVG because the previewers of chat apps
 * and social sites fetch PNG and JPEG but most refuse SVG.
 */
final class PreviewImage {

    static final int WIDTH = 1200;
    static final int HEIGHT = 630;

    private static final Color NAVY = new Color(0x1f2a44);
    private static final Color PAPER = new Color(0xf7f4ee);
    private static final Color MUTED = new Color(0xc9cfdc);
    private static final Color SHIP = new Color(0x4fb286);
    private static final Color TRACK = new Color(0x3a4666);

    private PreviewImage() {
    }

    /** One bar of a picture: a name, and the panel's tally the bar and its words show. */
    record Row(String name, Tally panel) {
    }

    static byte[] png(Comparison comparison, List<Tool> tools) {
        List<Row> rows = tools.stream().map(tool -> new Row(tool.name(), comparison.panelTally(tool.id()))).toList();
        return draw(comparison.category(), comparison.title(), rows);
    }

    /**
     * A tool's picture: its name, its panel share over every comparison, then its share in each comparison it is in
     * (as many as fit), so the card says what the page does.
     */
    static byte[] png(Tool tool, Tally overall, List<Comparison> comparisons) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("All reviews", overall));
        for (Comparison comparison : comparisons.subList(0, Math.min(comparisons.size(), 2))) {
            rows.add(new Row(comparison.title(), comparison.panelTally(tool.id())));
        }
        return draw(tool.category(), tool.name() + " by " + tool.vendor(), rows);
    }

    private static byte[] draw(String category, String title, List<Row> rows) {
        // No display where the build runs; AWT must not look for one.
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(NAVY);
            g.fillRect(0, 0, WIDTH, HEIGHT);

            g.setColor(MUTED);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
            g.drawString("\u2713 The Verdict  \u00b7  " + category, 72, 96);

            g.setColor(PAPER);
            g.setFont(new Font(Font.SERIF, Font.BOLD, 56));
            int y = 190;
            for (String line : wrap(title, g.getFontMetrics(), WIDTH - 144, 2)) {
                g.drawString(line, 72, y);
                y += 66;
            }

            int rowTop = 360;
            for (Row row : rows.subList(0, Math.min(rows.size(), 3))) {
                Tally panel = row.panel();
                g.setColor(PAPER);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 34));
                g.drawString(wrap(row.name(), g.getFontMetrics(), 520, 1).getFirst(), 72, rowTop + 34);
                g.setColor(MUTED);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
                String figure = panel.total() == 0 ? "no panel reviews yet"
                        : "panel: " + panel.ship() + " of " + panel.total() + " would ship it";
                g.drawString(figure, 620, rowTop + 34);
                g.setColor(TRACK);
                g.fillRoundRect(72, rowTop + 52, WIDTH - 144, 14, 14, 14);
                if (panel.total() > 0) {
                    g.setColor(SHIP);
                    g.fillRoundRect(72, rowTop + 52, (int) ((WIDTH - 144) * panel.ship() / panel.total()), 14, 14, 14);
                }
                rowTop += 100;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Words into at most {@code maxLines} lines of the given width, the last one cut with an ellipsis if need be. */
    static List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        lines.add(line.toString());
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            kept.set(maxLines - 1, kept.get(maxLines - 1) + " \u2026");
            lines = kept;
        }
        List<String> fitted = new ArrayList<>();
        for (String l : lines) {
            String cut = l;
            while (metrics.stringWidth(cut) > width && cut.length() > 1) {
                cut = cut.substring(0, cut.length() - 2) + "\u2026";
            }
            fitted.add(cut);
        }
        return fitted;
    }
}
