package io.sigillo.webmail.message;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.sigillo.webmail.web.ShownTimes;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * A receipt (or any certified message) printed: its type, its daticert facts, the provider's text, the signature's
 * details and the digest of the signed file, as a PDF/A-2u a person can print and an archive can keep. The paper
 * proves nothing by itself; the digest ties it to the signed {@code .eml}, which does.
 */
@Component
public class ReceiptPrint {

    private static final String FONT = "DejaVu Sans";

    private final ITemplateEngine templates;
    private final ShownTimes times;
    // Loaded once: every PDF embeds the glyphs it uses from these.
    private final byte[] regular;
    private final byte[] bold;
    // The output intent PDF/A asks for: the JDK's own sRGB profile.
    private final byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    public ReceiptPrint(ITemplateEngine templates, ShownTimes times) {
        this.templates = templates;
        this.times = times;
        this.regular = font("fonts/DejaVuSans.ttf");
        this.bold = font("fonts/DejaVuSans-Bold.ttf");
    }

    /** Writes {@code message}, whose signed bytes digest to {@code sha256}, as a PDF in {@code locale}. */
    public void write(MessageReading message, String sha256, Locale locale, OutputStream out) throws IOException {
        Context context = new Context(locale, Map.of("message", message, "sha256", sha256, "times", times));
        String xhtml = templates.process(new TemplateSpec("receipt-pdf", TemplateMode.XML), context);
        PdfRendererBuilder pdf = new PdfRendererBuilder();
        pdf.useFastMode();
        // An archive takes PDF/A as it is; tagged for PDF/UA, a screen reader reads it in order.
        pdf.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_2_U);
        pdf.usePdfUaAccessibility(true);
        pdf.useColorProfile(srgb);
        pdf.useFont(() -> new ByteArrayInputStream(regular), FONT, 400, FontStyle.NORMAL, true);
        pdf.useFont(() -> new ByteArrayInputStream(bold), FONT, 700, FontStyle.NORMAL, true);
        pdf.withHtmlContent(xhtml, null);
        pdf.toStream(out);
        pdf.run();
    }

    private static byte[] font(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the webmail's jar lacks " + path, e);
        }
    }
}
