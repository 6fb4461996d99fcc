package io.tollgrid.gateway.reports;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A report as a PDF (PDFBox): landscape A4 pages with the report, tenant and period at the top, then each section
 * as a table; highlighted rows sit on a red band. Text is set in Helvetica, whose encoding covers Latin-1: any
 * other character prints as '?'.
 */
public final class PdfReport {
    private static final float MARGIN = 36;
    private static final float ROW = 13;
    private static final float KEY_WIDTH = 120;
    private static final float FONT_SIZE = 8.5f;
    private static final Color HIGHLIGHT = new Color(0xFF, 0xC7, 0xCE);

    private PdfReport() {
    }

    public static byte[] render(ReportDocument document) {
        return render(document, "Tenant", "Period");
    }

    /** The same, with the words before the tenant's name and the period in another language (an invoice's). */
    public static byte[] render(ReportDocument document, String tenantLabel, String periodLabel) {
        try (PDDocument pdf = new PDDocument()) {
            Writer writer = new Writer(pdf);
            writer.text(document.title(), new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 14, MARGIN);
            writer.line(ROW * 1.5f);
            writer.text(tenantLabel + ": " + document.tenantName(), writer.regular, 10, MARGIN);
            writer.line(ROW);
            writer.text(periodLabel + ": " + document.period(), writer.regular, 10, MARGIN);
            writer.line(ROW * 2);
            for (ReportTable table : document.tables()) {
                writer.room(ROW * 3);
                writer.text(table.title(), writer.bold, 11, MARGIN);
                writer.line(ROW * 1.3f);
                writer.row(table.columns(), writer.bold, false);
                for (ReportTable.Row row : table.rows()) {
                    writer.row(row.cells(), writer.regular, row.highlight());
                }
                writer.line(ROW);
            }
            writer.close();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            pdf.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes lines top to bottom, starting a new page when the current one is full. */
    private static final class Writer {
        final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private final PDDocument pdf;
        private final PDRectangle size = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        private PDPageContentStream content;
        private float y;

        Writer(PDDocument pdf) throws IOException {
            this.pdf = pdf;
            newPage();
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(size);
            pdf.addPage(page);
            content = new PDPageContentStream(pdf, page);
            y = size.getHeight() - MARGIN;
        }

        void room(float needed) throws IOException {
            if (y - needed < MARGIN) {
                newPage();
            }
        }

        void line(float height) throws IOException {
            y -= height;
            room(0);
        }

        void text(String text, PDType1Font font, float fontSize, float x) throws IOException {
            content.beginText();
            content.setFont(font, fontSize);
            content.newLineAtOffset(x, y);
            content.showText(latin1(text));
            content.endText();
        }

        void row(List<String> cells, PDType1Font font, boolean highlight) throws IOException {
            room(ROW);
            float width = (size.getWidth() - 2 * MARGIN - KEY_WIDTH) / Math.max(1, cells.size() - 1);
            if (highlight) {
                content.setNonStrokingColor(HIGHLIGHT);
                content.addRect(MARGIN - 2, y - 3, size.getWidth() - 2 * MARGIN + 4, ROW);
                content.fill();
                content.setNonStrokingColor(Color.BLACK);
            }
            float x = MARGIN;
            for (int i = 0; i < cells.size(); i++) {
                text(fit(cells.get(i), i == 0 ? 26 : 14), font, FONT_SIZE, x);
                x += i == 0 ? KEY_WIDTH : width;
            }
            y -= ROW;
        }

        void close() throws IOException {
            content.close();
        }
    }

    private static String fit(String text, int characters) {
        return text.length() <= characters ? text : text.substring(0, characters - 1) + "~";
    }

    private static String latin1(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xFF ? c : '?');
        }
        return out.toString();
    }
}
