package io.sigillo.incomingpoint.reception;

/**
 * A receipt about a message this point does not know yet: the announcement of its envelope may still be on its way
 * here, so the sender is answered 451 and hands it over again (ADR 0021).
 */
public final class ReceiptNotYetExpected extends RuntimeException {

    public ReceiptNotYetExpected(String message) {
        super(message);
    }
}
