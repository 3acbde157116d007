package io.sigillo.deliverypoint.clientsetup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where mail clients find this provider, as the setup documents tell them (Thunderbird's autoconfig, Outlook's
 * Autodiscover, an Apple profile).
 *
 * @param host                   the public mail host, which the TLS certificate names; without it no document is
 *                               served
 * @param imapsPort              IMAP with TLS (993)
 * @param imapPort               IMAP with STARTTLS (143)
 * @param pop3sPort              POP3 with TLS (995)
 * @param submissionTlsPort      SMTP submission with TLS (465)
 * @param submissionStartTlsPort SMTP submission with STARTTLS (587)
 */
@ConfigurationProperties("sigillo.mail-clients")
public record MailClientSetupProperties(String host, Integer imapsPort, Integer imapPort, Integer pop3sPort,
        Integer submissionTlsPort, Integer submissionStartTlsPort) {

    public MailClientSetupProperties {
        imapsPort = imapsPort == null ? 993 : imapsPort;
        imapPort = imapPort == null ? 143 : imapPort;
        pop3sPort = pop3sPort == null ? 995 : pop3sPort;
        submissionTlsPort = submissionTlsPort == null ? 465 : submissionTlsPort;
        submissionStartTlsPort = submissionStartTlsPort == null ? 587 : submissionStartTlsPort;
    }

    /** Whether the documents are served. */
    public boolean enabled() {
        return host != null && !host.isBlank();
    }
}
