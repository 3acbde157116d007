package io.sigillo.deliverypoint.mailbox;

import java.time.Instant;

/**
 * A user's PEC mailbox (casella di posta certificata).
 *
 * @param address      the lower-case address
 * @param passwordHash the slow hash of the owner's password (bcrypt, with its {@code {bcrypt}} prefix)
 * @param quotaBytes   how much it may hold
 * @param usedBytes    how much it holds
 * @param createdAt    when the operator created it
 * @param twoFactor    true once the owner logs in with a one-time code too: the password alone then opens nothing
 * @param disabledAt   when an operator disabled it, or null: a disabled mailbox still receives, its owner logs in
 *                     nowhere
 */
public record Mailbox(String address, String passwordHash, long quotaBytes, long usedBytes, Instant createdAt,
        boolean twoFactor, Instant disabledAt) {

    /** True unless an operator disabled it. */
    public boolean active() {
        return disabledAt == null;
    }
}
