package io.sigillo.webmail.compose;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What the owner wrote in the compose form; PEC has no blind copy, so there is no Bcc.
 *
 * @param to          the recipients, separated by commas, semicolons, spaces or lines
 * @param cc          the copy recipients, likewise
 * @param subject     the subject
 * @param text        the text
 * @param receiptType completa, breve or sintetica: the delivery receipt the sender wants
 * @param key         the form's own key, sent as the submission's Idempotency-Key: a form posted twice (a double
 *                    click, a reload) submits one message
 */
public record Draft(String to, String cc, String subject, String text, String receiptType, String key) {

    /** A blank form with a new key. */
    public static Draft blank() {
        return new Draft("", "", "", "", "completa", UUID.randomUUID().toString());
    }

    /** The same form with a new key, to be posted again after a refusal. */
    public Draft again() {
        return new Draft(to, cc, subject, text, receiptType, UUID.randomUUID().toString());
    }

    /** The To addresses. */
    public List<String> toAddresses() {
        return addresses(to);
    }

    /** The Cc addresses. */
    public List<String> ccAddresses() {
        return addresses(cc);
    }

    private static List<String> addresses(String field) {
        return field == null ? List.of()
                : Arrays.stream(field.split("[,;\\s]+")).map(String::strip).filter(a -> !a.isEmpty()).toList();
    }
}
