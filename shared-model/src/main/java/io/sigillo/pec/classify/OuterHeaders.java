package io.sigillo.pec.classify;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.message.HeaderText;
import java.util.List;
import java.util.Optional;

/**
 * The headers outside a PEC message's signature checked against what its daticert.xml signs: a Subject or an
 * X-Riferimento-Message-ID that says something else was changed on the way, and the message is not certified.
 */
final class OuterHeaders {

    private OuterHeaders() {
    }

    /** Why the outer headers contradict the daticert, or empty when they agree. */
    static Optional<String> contradiction(PecType type, MessageHeaders headers, Daticert daticert) {
        String subject = normalised(headers.decoded("Subject"));
        String signed = daticert.subject() == null ? "" : daticert.subject();
        if (prefixes(type).stream().noneMatch(prefix -> subject.equals(normalised(prefix + signed)))) {
            return Optional.of("the Subject \"" + subject + "\" is not the " + type.headerValue()
                    + " subject of the signed \"" + normalised(signed) + "\"");
        }
        String reference = headers.raw(PecHeaders.X_RIFERIMENTO_MESSAGE_ID);
        if (reference != null && daticert.messageId() != null && !reference.equals(daticert.messageId().trim())) {
            return Optional.of("X-Riferimento-Message-ID " + reference + " is not the signed msgid "
                    + daticert.messageId().trim());
        }
        return Optional.empty();
    }

    /** The subject prefixes the rules give a type: non-acceptance and non-delivery have variants. */
    private static List<String> prefixes(PecType type) {
        return switch (type) {
            case NON_ACCEPTANCE -> List.of(type.subjectPrefix(), PecType.NON_ACCEPTANCE_VIRUS_PREFIX);
            case NON_DELIVERY -> List.of(type.subjectPrefix(), PecType.NON_DELIVERY_VIRUS_PREFIX,
                    PecType.NON_DELIVERY_TIMEOUT_PREFIX);
            default -> List.of(type.subjectPrefix());
        };
    }

    /** Folding and encoding may change whitespace, and daticert.xml carries no control characters. */
    private static String normalised(String text) {
        return text == null ? "" : HeaderText.neutralised(text).replaceAll("\\s+", " ").trim();
    }
}
