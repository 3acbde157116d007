package io.sigillo.deliverypoint.sent;

import io.sigillo.pec.format.PecType;
import java.util.Optional;

/** How far a sent message has gone for one recipient, as the receipts in its sender's mailbox prove it. */
public enum Progress {
    /** Refused at acceptance: a non-acceptance notice. */
    REFUSED(3),
    /**
     * Accepted by the sender's provider; no delivery receipt or notice yet. A take-in-charge receipt goes to the
     * sending provider, not to its sender's mailbox, so it is not a step here.
     */
    ACCEPTED(0),
    /** Sent to an ordinary (not certified) address, as the acceptance states: no receipt will follow. */
    SENT_AS_ORDINARY_MAIL(3),
    /** Not delivered within 12 hours: the sender was warned. */
    WARNED(1),
    /** Delivered to the recipient's mailbox. */
    DELIVERED(3),
    /** Not delivered: the notice says why. */
    NOT_DELIVERED(3);

    private static final int FINAL = 3;

    /** How far along: a step never moves a recipient back, and nothing moves one past a final step. */
    private final int rank;

    Progress(int rank) {
        this.rank = rank;
    }

    /** No later receipt changes it. */
    public boolean isFinal() {
        return rank == FINAL;
    }

    /**
     * Where a receipt of {@code type}, after the acceptance that opens its message, takes one of the recipients it
     * covers; empty for one that takes none.
     */
    static Optional<Progress> after(PecType type) {
        return Optional.ofNullable(switch (type) {
            case NON_DELIVERY_WARNING -> WARNED;
            case DELIVERY -> DELIVERED;
            case NON_DELIVERY -> NOT_DELIVERED;
            default -> null;
        });
    }

    /** Whether a recipient at this step moves to {@code next}. */
    boolean movesTo(Progress next) {
        return !isFinal() && next.rank >= rank;
    }
}
