package io.sigillo.deliverypoint.mailbox;

import java.util.UUID;

/** No message with that id in the caller's mailbox (whether or not another mailbox has one). */
public class MessageNotFoundException extends RuntimeException {

    public MessageNotFoundException(UUID id) {
        super("no message " + id + " in this mailbox");
    }
}
