package io.sigillo.webmail.mailbox;

/** A message larger than the webmail opens to show: it can still be downloaded as it is. */
public final class MessageTooLarge extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code size}: its length in bytes, or -1 when the delivery point did not say. */
    public MessageTooLarge(long size) {
        super("a message of " + (size < 0 ? "more" : size) + " bytes is larger than the webmail shows", null, false,
                false);
    }
}
