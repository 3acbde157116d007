package io.sigillo.pec.smime;

import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;

/**
 * The signed attributes of a provider's signature, with the signing time the provider's clock gives. Left to
 * itself, Bouncy Castle states the JVM's time instead, which the provider's clock (and a test's) does not govern.
 */
public final class SigningTime {

    private SigningTime() {
    }

    /** Content type, message digest and algorithm protection as Bouncy Castle adds them, signed at {@code at}. */
    public static CMSAttributeTableGenerator at(Instant at) {
        return new DefaultSignedAttributeTableGenerator(new AttributeTable(
                new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(at))))));
    }
}
