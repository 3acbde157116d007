package io.sigillo.webmail.compose;

import java.util.List;

/** What the access point answered a submission. */
public sealed interface Submitted {

    /** Accepted: the PEC identifier it gave the message, and its recipients. */
    record Accepted(String messageId, List<String> recipients) implements Submitted {
    }

    /**
     * Refused: the HTTP status, the access point's reason and the field it names (null when none); a refusal the
     * sender is notified of also reaches the mailbox as a signed non-acceptance notice.
     */
    record Refused(int status, String reason, String field, boolean noticeSent) implements Submitted {
    }
}
