package io.sigillo.pec.daticert;

import io.sigillo.pec.format.PecError;
import io.sigillo.pec.format.PecTimestamp;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.ReceiptType;
import io.sigillo.pec.format.Recipient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads daticert.xml from any provider. Lenient about element order and missing optional elements, strict
 * about safety: no external entities, no DTD loading, a tiny entity-expansion budget and a size bound.
 */
public final class DaticertReader {

    /** Larger than any real daticert by two orders of magnitude. */
    public static final int MAX_BYTES = 256 * 1024;

    /** How many parsers are kept between documents: about as many as threads read daticerts at once. */
    private static final int IDLE_BUILDERS = 16;
    private static final EntityResolver NOTHING_EXTERNAL =
            (publicId, systemId) -> new InputSource(new StringReader(""));

    private final DocumentBuilderFactory factory;
    // A parser made for each document cost as much as reading it: they are reused, one document at a time each.
    private final Queue<DocumentBuilder> idle = new ConcurrentLinkedQueue<>();

    /** Builds the hardened parser factory once; share the reader (it is thread-safe). */
    public DaticertReader() {
        try {
            factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Field daticerts may name the DTD of the rules; read them, but never fetch or expand anything.
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute("jdk.xml.entityExpansionLimit", "16");
            factory.setAttribute("jdk.xml.maxGeneralEntitySizeLimit", "4096");
            factory.setAttribute("jdk.xml.totalEntitySizeLimit", "16384");
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
    }

    /** The facts of the given document, or a {@link DaticertException} saying what is wrong. */
    public Daticert read(byte[] xml) throws DaticertException {
        if (xml.length > MAX_BYTES) {
            throw new DaticertException("daticert.xml is larger than " + MAX_BYTES + " bytes");
        }
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        if (!"postacert".equals(root.getTagName())) {
            throw new DaticertException("root element is <" + root.getTagName() + ">, not <postacert>");
        }
        PecType type = PecType.fromDaticertType(root.getAttribute("tipo"))
                .orElseThrow(() -> new DaticertException("unknown tipo \"" + root.getAttribute("tipo") + "\""));
        String errore = root.getAttribute("errore");
        PecError error = errore.isEmpty() ? PecError.NESSUNO : PecError.fromValue(errore)
                .orElseThrow(() -> new DaticertException("unknown errore \"" + errore + "\""));
        Element head = child(root, "intestazione");
        Element dati = child(root, "dati");
        List<Recipient> recipients = new ArrayList<>();
        for (Element r : children(head, "destinatari")) {
            recipients.add(new Recipient(r.getTextContent(), Recipient.Kind.fromValue(r.getAttribute("tipo"))));
        }
        Element data = child(dati, "data");
        String zone = data.getAttribute("zona");
        if (zone.isEmpty()) {
            throw new DaticertException("<data> has no zona");
        }
        Element ricevuta = optionalChild(dati, "ricevuta");
        ReceiptType receiptType = null;
        if (ricevuta != null) {
            String tipo = ricevuta.getAttribute("tipo");
            receiptType = tipo.isEmpty() ? ReceiptType.COMPLETA : ReceiptType.fromValue(tipo)
                    .orElseThrow(() -> new DaticertException("unknown ricevuta tipo \"" + tipo + "\""));
        }
        List<String> taken = children(dati, "ricezione").stream().map(Element::getTextContent).toList();
        return new Daticert(type, error,
                text(head, "mittente"),
                recipients,
                text(head, "risposte"),
                optionalText(head, "oggetto"),
                text(dati, "gestore-emittente"),
                new PecTimestamp(text(data, "giorno"), text(data, "ora"), zone),
                text(dati, "identificativo"),
                optionalText(dati, "msgid"),
                receiptType,
                taken,
                optionalText(dati, "consegna"),
                optionalText(dati, "errore-esteso"));
    }

    private Document parse(byte[] xml) throws DaticertException {
        DocumentBuilder builder = idle.poll();
        try {
            if (builder == null) {
                builder = factory.newDocumentBuilder();
            }
            builder.setEntityResolver(NOTHING_EXTERNAL);
            builder.setErrorHandler(SILENT);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new DaticertException("daticert.xml is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new DaticertException("daticert.xml cannot be read: " + e.getMessage(), e);
        } finally {
            if (builder != null && idle.size() < IDLE_BUILDERS) {
                // Back to the factory's settings (its limits included), with nothing of this document kept.
                builder.reset();
                idle.offer(builder);
            }
        }
    }

    private static Element child(Element parent, String name) throws DaticertException {
        Element e = optionalChild(parent, name);
        if (e == null) {
            throw new DaticertException("<" + parent.getTagName() + "> lacks <" + name + ">");
        }
        return e;
    }

    private static Element optionalChild(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) throws DaticertException {
        return child(parent, name).getTextContent();
    }

    private static String optionalText(Element parent, String name) {
        Element e = optionalChild(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
