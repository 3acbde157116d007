package io.sigillo.accesspoint.submission;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.support.provider.LocalProvider;
import org.springframework.stereotype.Component;

/** Message-IDs for originals that come without one (the rules let the access point add it). */
@Component
public class FreshMessageIds {

    private final LocalProvider provider;

    public FreshMessageIds(LocalProvider provider) {
        this.provider = provider;
    }

    /** A new {@code <m.…@domain>} id, distinct in form from PEC identifiers ({@code opec.…}). */
    public String next() {
        return "<" + MessageIdentifier.random(provider.domain()).value().replace("opec.", "m.") + ">";
    }
}
