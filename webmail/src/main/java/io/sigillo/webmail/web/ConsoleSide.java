package io.sigillo.webmail.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * A part of the console of compliance staff and operators, present only where this application runs as the console
 * ({@code sigillo.console.enabled=true}), apart from the owners' webmail and on the admin side only (ADR 0036).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = ConsoleSide.PROPERTY, havingValue = "true")
public @interface ConsoleSide {

    /** The property that makes this application the console. */
    String PROPERTY = "sigillo.console.enabled";
}
