package io.sigillo.webmail.message;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.index.ReloadingProvidersIndex;
import io.sigillo.pec.message.HeaderText;
import io.sigillo.pec.smime.SignatureCheck;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Reads a mailbox's message for its page: checks it as the provider does and opens the original it carries. */
@Component
public class MessageReader {

    /** The most of the provider's own text the page shows, in bytes. */
    private static final int LONGEST_STATEMENT = 64 * 1024;

    private final PecClassifier classifier;
    private final ReloadingProvidersIndex index;
    private final Clock clock;

    public MessageReader(PecClassifier classifier, ReloadingProvidersIndex index, Clock clock) {
        this.classifier = classifier;
        this.index = index;
        this.clock = clock;
    }

    /** What {@code raw}, the exact bytes a mailbox holds, is and says. */
    public MessageReading read(byte[] raw) {
        Classification found = classifier.classify(raw);
        Verification verification = found.signature()
                .map(check -> Verification.of(check, providerName(check), clock.instant())).orElse(null);
        OriginalContent original = null;
        String problem = null;
        if (found.isValid() && found.postacert().isPresent()) {
            try {
                original = OriginalContent.read(found.postacert().get());
            } catch (MessagingException | IOException | RuntimeException e) {
                problem = HeaderText.neutralised(String.valueOf(e.getMessage()));
            }
        }
        return new MessageReading(found.outcome(), found.reason(), found.type().orElse(null),
                HeaderText.neutralised(found.headers().decoded("Subject")),
                HeaderText.neutralised(found.headers().decoded("From")), verification,
                found.daticert().orElse(null), found.isValid() ? statement(raw) : null, original, problem);
    }

    /** File {@code number} (from 1) of the original that {@code raw} carries, when it is valid and has one. */
    public Optional<OriginalContent.AttachmentBody> attachment(byte[] raw, int number) {
        Classification found = classifier.classify(raw);
        if (!found.isValid() || found.postacert().isEmpty()) {
            return Optional.empty();
        }
        try {
            return OriginalContent.attachment(found.postacert().get(), number);
        } catch (MessagingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String providerName(SignatureCheck check) {
        return check.signer() == null ? null
                : index.get().providerOf(check.signer()).map(ProviderEntry::providerName).orElse(null);
    }

    /** The provider's text in the signed content: its first plain text outside the original. */
    private static String statement(byte[] raw) {
        try {
            MimeMessage message = MessageParts.message(raw, 0, raw.length);
            if (!(message.getContent() instanceof Multipart signed) || signed.getCount() < 1) {
                return null;
            }
            BodyPart content = signed.getBodyPart(0);
            for (MessageParts.Leaf leaf : MessageParts.of(content)) {
                if (leaf.role() == MessageParts.Role.TEXT) {
                    return MessageParts.text(leaf.part(), LONGEST_STATEMENT).strip();
                }
            }
            return null;
        } catch (MessagingException | IOException | RuntimeException e) {
            return null;
        }
    }
}
