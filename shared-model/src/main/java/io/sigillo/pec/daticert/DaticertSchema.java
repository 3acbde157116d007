package io.sigillo.pec.daticert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;

/** The daticert.xml schema shipped in this module, loaded once; validates what Sigillo emits. */
public final class DaticertSchema {

    /** Classpath location of the XSD, for tools that want the file itself. */
    public static final String RESOURCE = "/io/sigillo/pec/daticert/daticert.xsd";

    private final Schema schema;
    // A Validator is not thread-safe and costs more to create than a daticert costs to validate, so each thread
    // keeps one; a validator that failed is dropped rather than trusted to be reset.
    private final ThreadLocal<Validator> validators = ThreadLocal.withInitial(this::newValidator);

    /** Loads and compiles the schema; do this once and share the instance (it is thread-safe). */
    public DaticertSchema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            URL xsd = DaticertSchema.class.getResource(RESOURCE);
            this.schema = factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("daticert.xsd does not compile", e);
        }
    }

    /** Throws when the document does not match the schema, with the parser's reason. */
    public void validate(byte[] xml) throws DaticertException {
        try {
            validators.get().validate(new StreamSource(new ByteArrayInputStream(xml)));
        } catch (SAXException e) {
            validators.remove();
            throw new DaticertException("daticert.xml does not match the schema: " + e.getMessage(), e);
        } catch (IOException e) {
            validators.remove();
            throw new DaticertException("daticert.xml cannot be read: " + e.getMessage(), e);
        }
    }

    private Validator newValidator() {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the XML validator refuses to be closed to external files", e);
        }
        return validator;
    }
}
