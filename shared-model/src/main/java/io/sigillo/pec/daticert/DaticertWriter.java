package io.sigillo.pec.daticert;

import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.xml.XmlText;
import java.nio.charset.StandardCharsets;

/** Writes {@link Daticert} as UTF-8 {@code daticert.xml}; every text is escaped so it reads back identical. */
public final class DaticertWriter {

    /** The XML bytes of the given facts. */
    public byte[] write(Daticert d) {
        StringBuilder x = new StringBuilder(1024);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<postacert tipo=\"").append(d.type().daticertType().orElseThrow())
                .append("\" errore=\"").append(d.error().value()).append("\">\n");
        x.append("  <intestazione>\n");
        element(x, "    ", "mittente", d.sender());
        for (Recipient r : d.recipients()) {
            x.append("    <destinatari tipo=\"").append(r.kind().value()).append("\">");
            XmlText.escape(r.address(), x);
            x.append("</destinatari>\n");
        }
        element(x, "    ", "risposte", d.replyTo());
        element(x, "    ", "oggetto", d.subject());
        x.append("  </intestazione>\n");
        x.append("  <dati>\n");
        element(x, "    ", "gestore-emittente", d.issuer());
        x.append("    <data zona=\"").append(d.date().zone()).append("\">\n");
        element(x, "      ", "giorno", d.date().day());
        element(x, "      ", "ora", d.date().time());
        x.append("    </data>\n");
        element(x, "    ", "identificativo", d.identifier());
        if (d.messageId() != null) {
            element(x, "    ", "msgid", d.messageId());
        }
        if (d.receiptType() != null) {
            x.append("    <ricevuta tipo=\"").append(d.receiptType().value()).append("\"/>\n");
        }
        for (String taken : d.takenInCharge()) {
            element(x, "    ", "ricezione", taken);
        }
        if (d.deliveredTo() != null) {
            element(x, "    ", "consegna", d.deliveredTo());
        }
        if (d.extendedError() != null) {
            element(x, "    ", "errore-esteso", d.extendedError());
        }
        x.append("  </dati>\n");
        x.append("</postacert>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder x, String indent, String name, String text) {
        x.append(indent).append('<').append(name).append('>');
        XmlText.escape(text, x);
        x.append("</").append(name).append(">\n");
    }
}
