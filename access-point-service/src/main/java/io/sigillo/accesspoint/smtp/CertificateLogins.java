package io.sigillo.accesspoint.smtp;

import io.sigillo.accesspoint.accounts.Accounts;
import io.sigillo.accesspoint.accounts.CredentialUses;
import io.sigillo.pec.event.CredentialUsed;
import io.sigillo.support.certificates.TrustedClientCas;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;
import org.subethamail.smtp.server.SessionHandler.SessionAcceptance;

/**
 * The logins of SMTP submission: AUTH PLAIN and LOGIN with a password, and AUTH EXTERNAL (RFC 4422 appendix A,
 * ADR 0028), where the client certificate the TLS handshake checked against the trusted CAs logs in as the mailbox
 * it is bound to; an authorisation identity, when sent, must be that mailbox. EXTERNAL is offered only in a session
 * whose client presented a certificate: clients built on Cyrus SASL (mutt, mbsync) pick EXTERNAL whenever it is
 * offered, and would fail without one.
 */
public class CertificateLogins implements AuthenticationHandlerFactory {

    private static final String EXTERNAL = "EXTERNAL";

    private final AuthenticationHandlerFactory passwords;
    private final Accounts accounts;
    private final CredentialUses uses;
    private final Clock clock;
    /** The session the current thread serves: SubEtha runs each session on a thread of its own. */
    private final ThreadLocal<Session> current = new ThreadLocal<>();

    public CertificateLogins(AuthenticationHandlerFactory passwords, Accounts accounts, CredentialUses uses,
            Clock clock) {
        this.passwords = passwords;
        this.accounts = accounts;
        this.uses = uses;
        this.clock = clock;
    }

    /** {@code sessions}, noting each session for the thread that serves it, as EHLO's offer depends on it. */
    public SessionHandler noting(SessionHandler sessions) {
        return new SessionHandler() {
            @Override
            public SessionAcceptance accept(Session session) {
                current.set(session);
                return sessions.accept(session);
            }

            @Override
            public void onSessionEnd(Session session) {
                current.remove();
                sessions.onSessionEnd(session);
            }
        };
    }

    @Override
    public List<String> getAuthenticationMechanisms() {
        Session session = current.get();
        if (session == null || peerCertificate(session).isEmpty()) {
            return passwords.getAuthenticationMechanisms();
        }
        List<String> all = new ArrayList<>(passwords.getAuthenticationMechanisms());
        all.add(EXTERNAL);
        return all;
    }

    @Override
    public AuthenticationHandler create() {
        AuthenticationHandler password = passwords.create();
        Handler certificate = new Handler();
        return new AuthenticationHandler() {
            private AuthenticationHandler chosen;

            @Override
            public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                if (chosen == null) {
                    String[] words = clientInput.trim().split("\\s+");
                    chosen = words.length > 1 && words[1].equalsIgnoreCase(EXTERNAL) ? certificate : password;
                }
                return chosen.auth(clientInput, context);
            }

            @Override
            public Object getIdentity() {
                return chosen == null ? null : chosen.getIdentity();
            }
        };
    }

    private final class Handler implements AuthenticationHandler {

        private boolean challenged;
        private String mailbox;

        @Override
        public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
            String response;
            if (!challenged) {
                String[] words = clientInput.trim().split("\\s+");
                if (words.length < 3) {
                    // No initial response: the empty challenge asks for the authorisation identity.
                    challenged = true;
                    return Optional.of("334 ");
                }
                response = words[2];
            } else {
                response = clientInput.trim();
            }
            if (response.equals("*")) {
                throw new RejectException(501, "5.7.0 Authentication cancelled");
            }
            X509Certificate certificate = peerCertificate(context).orElseThrow(() -> new RejectException(535,
                    "5.7.8 No client certificate was presented: set one in the client's TLS settings"));
            String sha256 = TrustedClientCas.sha256(certificate);
            String bound = accounts.findByCertificate(sha256, clock.instant())
                    .map(Accounts.Account::address)
                    .orElseThrow(() -> new RejectException(535, "5.7.8 This certificate is bound to no mailbox"));
            String authorised = authorisationIdentity(response);
            if (!authorised.isEmpty() && !authorised.toLowerCase(Locale.ROOT).equals(bound)) {
                // The client's own text is not echoed: a reply line carries nothing a client sent (ADR 0025).
                throw new RejectException(535, "5.7.8 This certificate is not bound to the mailbox named");
            }
            mailbox = bound;
            uses.used(bound, CredentialUsed.Kind.CLIENT_CERTIFICATE, sha256);
            return Optional.empty();
        }

        @Override
        public Object getIdentity() {
            return mailbox;
        }
    }

    private static String authorisationIdentity(String response) throws RejectException {
        if (response.isEmpty() || response.equals("=")) {
            return "";
        }
        try {
            String identity = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
            if (identity.chars().anyMatch(Character::isISOControl)) {
                throw new RejectException(501, "5.5.2 The authorisation identity holds control characters");
            }
            return identity;
        } catch (IllegalArgumentException e) {
            throw new RejectException(501, "5.5.2 The response is not Base64");
        }
    }

    private static Optional<X509Certificate> peerCertificate(MessageContext context) {
        if (!(context instanceof Session session) || !(session.getSocket() instanceof SSLSocket tls)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (SSLPeerUnverifiedException none) {
            return Optional.empty();
        }
    }
}
