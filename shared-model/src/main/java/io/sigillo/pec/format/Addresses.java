package io.sigillo.pec.format;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;

/** Reading addresses out of headers written by others, leniently: what cannot be read is left out. */
public final class Addresses {

    private Addresses() {
    }

    /** The bare addresses of an address-list header (To, Cc, From), in order; none for null or garbage. */
    public static List<String> lenient(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        try {
            for (InternetAddress a : InternetAddress.parseHeader(header, false)) {
                if (a.getAddress() != null && a.getAddress().indexOf('@') > 0) {
                    out.add(a.getAddress());
                }
            }
        } catch (AddressException e) {
            // an unreadable list yields what was read before the fault: nothing
        }
        return out;
    }
}
