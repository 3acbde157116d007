package io.sigillo.pec.index;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.smime.SignatureCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a validly signed message was signed by the provider entitled to sign it: a transport envelope by the
 * provider the index lists for its sender's domain and for the domain it comes from ({@code From}); a receipt or notice by the provider of the domain it comes
 * from ({@code From}) and of every recipient it reports on. A valid signature from the wrong provider is a
 * forgery, however good the signature.
 */
public final class ProviderAuthenticity {

    private ProviderAuthenticity() {
    }

    /** Empty when {@code message} (VALID by the classifier) comes from the provider entitled to it; else why not. */
    public static Optional<String> violation(Classification message, ProvidersIndex index) {
        Optional<ProviderEntry> signer = message.signature().map(SignatureCheck::signer).flatMap(index::providerOf);
        if (signer.isEmpty()) {
            return Optional.of("the signer's certificate is not in the providers' index");
        }
        Daticert daticert = message.daticert().orElse(null);
        List<String> entitling = new ArrayList<>();
        List<String> from = Addresses.lenient(message.headers().raw("From"));
        if (message.type().orElse(null) == PecType.TRANSPORT_ENVELOPE) {
            if (daticert == null) {
                return Optional.of("the envelope has no daticert.xml");
            }
            entitling.add(daticert.sender());
            // Its posta-certificata mailbox too: one at another domain would take the recipient's replies.
            entitling.addAll(from);
        } else {
            if (from.isEmpty()) {
                return Optional.of("the message has no readable From");
            }
            entitling.add(from.get(0));
            if (daticert != null) {
                entitling.addAll(daticert.takenInCharge());
                if (daticert.deliveredTo() != null) {
                    entitling.add(daticert.deliveredTo());
                }
            }
        }
        for (String address : entitling) {
            Optional<ProviderEntry> entitled = index.providerForAddress(address);
            if (entitled.isEmpty()) {
                return Optional.of("the domain of " + address + " is not a PEC domain in the providers' index");
            }
            if (!entitled.get().equals(signer.get())) {
                return Optional.of("signed by \"" + signer.get().providerName() + "\", but the providers' index lists \""
                        + entitled.get().providerName() + "\" for " + address);
            }
        }
        return Optional.empty();
    }
}
