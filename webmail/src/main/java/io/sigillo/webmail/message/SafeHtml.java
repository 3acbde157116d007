package io.sigillo.webmail.message;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * A message's HTML reduced to what cannot act: text, structure and links that leave the webmail. No script, style,
 * form, frame, image or event attribute survives, so nothing loads or runs when the page shows it; the page's
 * Content-Security-Policy stops whatever would slip through.
 */
final class SafeHtml {

    // Images go too: a remote one tells its sender when and where the message was read.
    private static final Safelist ALLOWED = Safelist.relaxed()
            .removeTags("img")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow")
            .addEnforcedAttribute("a", "target", "_blank");

    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings().prettyPrint(false);

    private SafeHtml() {
    }

    /** {@code html} with every tag and attribute outside the allow-list removed, and relative links dropped. */
    static String clean(String html) {
        return Jsoup.clean(html, "", ALLOWED, OUTPUT);
    }
}
