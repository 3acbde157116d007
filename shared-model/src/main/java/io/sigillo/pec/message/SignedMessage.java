package io.sigillo.pec.message;

import io.sigillo.pec.format.MessageIdentifier;
import io.sigillo.pec.format.PecType;

/**
 * A provider message as it leaves the provider: its exact signed bytes.
 *
 * @param messageId the Message-ID it carries
 * @param type      which PEC message it is
 * @param bytes     the RFC 5322 message, CRLF line ends, S/MIME signed
 */
public record SignedMessage(MessageIdentifier messageId, PecType type, byte[] bytes) {
}
