package io.sigillo.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Pages' tests that start each test in a browser logged in as one account, against a stand-in that lets it in. */
abstract class LoggedInPages {

    @LocalServerPort
    int port;

    /** A browser logged in as {@link #account()}. */
    WebmailBrowser browser;

    /** Whom each test is logged in as. */
    abstract String account();

    @BeforeEach
    void logIn() throws Exception {
        browser = new WebmailBrowser(port);
        assertThat(browser.logIn(account(), "giusta", "")).endsWith("/posta");
    }
}
