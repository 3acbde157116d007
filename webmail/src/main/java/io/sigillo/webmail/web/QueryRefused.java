package io.sigillo.webmail.web;

/**
 * A service answered 400 to what a page asked of it: something typed in a form is beyond what the service takes (a
 * field over its length, say). The user's mistake, not the webmail's: it carries no stack trace.
 */
public final class QueryRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueryRefused(String message) {
        super(message, null, false, false);
    }
}
