package io.pulsecrm.deals.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * HTML/CSS → PDF with openhtmltopdf (PDFBox 3). The HTML is read leniently by jsoup (templates are written by people,
 * not XML tools). Text is set in DejaVu Sans / Serif / Mono, embedded (subset) from the jasperreports-fonts jar:
 * they cover Latin, Cyrillic and Georgian, so a Russian or Georgian name comes out as text, not as boxes. Nothing
 * outside the document is ever fetched (no images or stylesheets by URL: a template cannot make the service call out).
 */
@Component
public class PdfRenderer {

    public static final String DEFAULT_FONT = "DejaVu Sans";
    private static final String FONTS = "/net/sf/jasperreports/fonts/dejavu/";

    private record Face(String file, String family, int weight, FontStyle style) {
    }

    private static final List<Face> FACES = List.of(
            new Face("DejaVuSans.ttf", "DejaVu Sans", 400, FontStyle.NORMAL),
            new Face("DejaVuSans-Bold.ttf", "DejaVu Sans", 700, FontStyle.NORMAL),
            new Face("DejaVuSans-Oblique.ttf", "DejaVu Sans", 400, FontStyle.ITALIC),
            new Face("DejaVuSans-BoldOblique.ttf", "DejaVu Sans", 700, FontStyle.ITALIC),
            new Face("DejaVuSerif.ttf", "DejaVu Serif", 400, FontStyle.NORMAL),
            new Face("DejaVuSerif-Bold.ttf", "DejaVu Serif", 700, FontStyle.NORMAL),
            new Face("DejaVuSansMono.ttf", "DejaVu Sans Mono", 400, FontStyle.NORMAL));

    /** The page around a rendered template body: A4, the default font, then the template's own stylesheet. */
    public static String page(String title, String css, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>" + org.jsoup.nodes.Entities.escape(title)
                + "</title><style>@page { size: A4; margin: 18mm 16mm; } body { font-family: '" + DEFAULT_FONT
                + "', sans-serif; font-size: 10.5pt; }</style><style>" + (css == null ? "" : css) + "</style></head><body>"
                + body + "</body></html>";
    }

    public byte[] render(String html) {
        Document parsed = Jsoup.parse(html);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfRendererBuilder builder = new PdfRendererBuilder()
                .withW3cDocument(new W3CDom().fromJsoup(parsed), null)
                .useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                .useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI)
                .withProducer("Pulse CRM")
                .toStream(out);
        for (Face face : FACES) {
            builder.useFont(() -> font(face.file()), face.family(), face.weight(), face.style(), true);
        }
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed", e);
        } catch (RuntimeException e) {
            // the renderer choked on the template's HTML or CSS: the template's fault, said where it is written
            throw InvalidRequestException.field("body", "the template cannot be rendered as PDF: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static InputStream font(String file) {
        InputStream in = PdfRenderer.class.getResourceAsStream(FONTS + file);
        if (in == null) {
            throw new IllegalStateException("font " + file + " is missing from the class path (jasperreports-fonts)");
        }
        return in;
    }
}
