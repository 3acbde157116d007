package io.sigillo.pec.classify;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.format.Addresses;
import io.sigillo.pec.format.PecHeaders;
import io.sigillo.pec.format.PecType;
import io.sigillo.pec.format.Recipient;
import io.sigillo.pec.message.HeaderText;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The headers outside a PEC message's signature checked against what its daticert.xml signs: a Subject or an
 * X-Riferimento-Message-ID that says something else was changed on the way, and the message is not certified. On a
 * transport envelope the addressing a mail client shows and replies to (From, Reply-To, To, Cc, Message-ID) must be
 * the signed one too: a rewritten Reply-To would send the recipient's answer to whoever rewrote it.
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
        return type == PecType.TRANSPORT_ENVELOPE ? envelopeAddressing(headers, daticert) : Optional.empty();
    }

    /**
     * From "Per conto di: sender" at a posta-certificata mailbox (whose domain ProviderAuthenticity checks against
     * the signer), Reply-To, To/Cc and Message-ID as signed.
     */
    private static Optional<String> envelopeAddressing(MessageHeaders headers, Daticert daticert) {
        String from = headers.raw("From");
        Optional<InternetAddress> sender = single(from);
        String onBehalf = "Per conto di: " + daticert.sender();
        String mailbox = PecHeaders.PROVIDER_MAILBOX + "@";
        if (sender.isEmpty() || !sender.get().getAddress().toLowerCase(Locale.ROOT).startsWith(mailbox)
                || sender.get().getPersonal() != null
                && !normalised(sender.get().getPersonal()).equalsIgnoreCase(normalised(onBehalf))) {
            return Optional.of("the From " + from + " is not \"" + onBehalf + "\" <" + mailbox + "...>");
        }
        String replyTo = headers.raw("Reply-To");
        if (replyTo != null && !lowerCase(Addresses.lenient(replyTo).stream())
                .equals(lowerCase(Stream.of(daticert.replyTo())))) {
            return Optional.of("the Reply-To " + replyTo + " is not the signed " + daticert.replyTo());
        }
        // Every To and Cc field: some mailers split a long list over several.
        Set<String> addressed = lowerCase(Stream.concat(Addresses.lenient(headers.joined("To")).stream(),
                Addresses.lenient(headers.joined("Cc")).stream()));
        Set<String> signed = lowerCase(daticert.recipients().stream().map(Recipient::address));
        if (!addressed.equals(signed)) {
            return Optional.of("To and Cc " + addressed + " are not the signed recipients " + signed);
        }
        String messageId = headers.raw("Message-ID");
        if (messageId != null && !messageId.equals("<" + daticert.identifier().trim() + ">")) {
            return Optional.of("the Message-ID " + messageId + " is not the signed identifier "
                    + daticert.identifier().trim());
        }
        return Optional.empty();
    }

    /** The one address of a From field, with its display name decoded; empty when not exactly one. */
    private static Optional<InternetAddress> single(String field) {
        if (field == null) {
            return Optional.empty();
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(field, false);
            return parsed.length == 1 && parsed[0].getAddress() != null ? Optional.of(parsed[0]) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static Set<String> lowerCase(Stream<String> addresses) {
        return addresses.map(a -> a.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
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
