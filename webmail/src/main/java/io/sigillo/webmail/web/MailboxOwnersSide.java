package io.sigillo.webmail.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** A part of the mailbox owners' webmail, absent where this application runs as the staff's console (ADR 0036). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = ConsoleSide.PROPERTY, havingValue = "false", matchIfMissing = true)
public @interface MailboxOwnersSide {
}
