package io.sigillo.deliverypoint.clientsetup;

import io.sigillo.pec.xml.XmlText;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The documents with which mail clients set an account up by themselves: Thunderbird's autoconfig
 * ({@code config-v1.1.xml}), Outlook's Autodiscover (the POX schema of 2006) and an Apple configuration profile
 * ({@code .mobileconfig}). Each names the TLS ports only, with the address as user name and a password (an app
 * password, or the main one until two-factor login is on).
 */
public final class MailClientSetup {

    private final String domain;
    private final String providerName;
    private final MailClientSetupProperties servers;

    public MailClientSetup(String domain, String providerName, MailClientSetupProperties servers) {
        this.domain = domain;
        this.providerName = providerName;
        this.servers = servers;
    }

    /** Thunderbird's autoconfig for the domain; {@code %EMAILADDRESS%} is Thunderbird's to fill in. */
    public String thunderbird() {
        String host = xml(servers.host());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <clientConfig version="1.1">
                  <emailProvider id="%1$s">
                    <domain>%1$s</domain>
                    <displayName>%2$s (PEC)</displayName>
                    <displayShortName>PEC</displayShortName>
                %3$s%4$s%5$s%6$s%7$s    <documentation url="https://%1$s/">
                      <descr lang="it">Posta elettronica certificata: usare una password per le app</descr>
                      <descr lang="en">Certified e-mail: use an app password</descr>
                    </documentation>
                  </emailProvider>
                </clientConfig>
                """.formatted(xml(domain), xml(providerName),
                server("incomingServer", "imap", host, servers.imapsPort(), "SSL"),
                server("incomingServer", "imap", host, servers.imapPort(), "STARTTLS"),
                server("incomingServer", "pop3", host, servers.pop3sPort(), "SSL"),
                server("outgoingServer", "smtp", host, servers.submissionTlsPort(), "SSL"),
                server("outgoingServer", "smtp", host, servers.submissionStartTlsPort(), "STARTTLS"));
    }

    private static String server(String element, String type, String host, int port, String socketType) {
        return """
                    <%1$s type="%2$s">
                      <hostname>%3$s</hostname>
                      <port>%4$d</port>
                      <socketType>%5$s</socketType>
                      <authentication>password-cleartext</authentication>
                      <username>%%EMAILADDRESS%%</username>
                    </%1$s>
                """.formatted(element, type, host, port, socketType);
    }

    /** Outlook's Autodiscover answer for {@code address}: IMAP and SMTP over TLS. */
    public String outlook(String address) {
        String host = xml(servers.host());
        String login = xml(address);
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
                  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
                    <Account>
                      <AccountType>email</AccountType>
                      <Action>settings</Action>
                      <Protocol>
                        <Type>IMAP</Type>
                        <Server>%1$s</Server>
                        <Port>%2$d</Port>
                        <DomainRequired>off</DomainRequired>
                        <LoginName>%3$s</LoginName>
                        <SPA>off</SPA>
                        <SSL>on</SSL>
                        <AuthRequired>on</AuthRequired>
                      </Protocol>
                      <Protocol>
                        <Type>SMTP</Type>
                        <Server>%1$s</Server>
                        <Port>%4$d</Port>
                        <DomainRequired>off</DomainRequired>
                        <LoginName>%3$s</LoginName>
                        <SPA>off</SPA>
                        <SSL>on</SSL>
                        <AuthRequired>on</AuthRequired>
                        <UsePOPAuth>on</UsePOPAuth>
                        <SMTPLast>off</SMTPLast>
                      </Protocol>
                    </Account>
                  </Response>
                </Autodiscover>
                """.formatted(host, servers.imapsPort(), login, servers.submissionTlsPort());
    }

    /**
     * An Apple configuration profile (unsigned) with one IMAP account for {@code address}; its identifiers are made
     * from the address, so installing a new one replaces the old.
     */
    public String apple(String address) {
        String host = xml(servers.host());
        String login = xml(address);
        String id = "it.sigillo.pec." + xml(domain) + "." + UUID.nameUUIDFromBytes(address.getBytes(
                StandardCharsets.UTF_8));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>PayloadContent</key>
                  <array>
                    <dict>
                      <key>EmailAccountDescription</key><string>PEC %1$s</string>
                      <key>EmailAccountType</key><string>EmailTypeIMAP</string>
                      <key>EmailAddress</key><string>%1$s</string>
                      <key>IncomingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>IncomingMailServerHostName</key><string>%2$s</string>
                      <key>IncomingMailServerPortNumber</key><integer>%3$d</integer>
                      <key>IncomingMailServerUseSSL</key><true/>
                      <key>IncomingMailServerUsername</key><string>%1$s</string>
                      <key>OutgoingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>OutgoingMailServerHostName</key><string>%2$s</string>
                      <key>OutgoingMailServerPortNumber</key><integer>%4$d</integer>
                      <key>OutgoingMailServerUseSSL</key><true/>
                      <key>OutgoingMailServerUsername</key><string>%1$s</string>
                      <key>OutgoingPasswordSameAsIncomingPassword</key><true/>
                      <key>PayloadDisplayName</key><string>PEC %1$s</string>
                      <key>PayloadIdentifier</key><string>%5$s.account</string>
                      <key>PayloadType</key><string>com.apple.mail.managed</string>
                      <key>PayloadUUID</key><string>%6$s</string>
                      <key>PayloadVersion</key><integer>1</integer>
                    </dict>
                  </array>
                  <key>PayloadDisplayName</key><string>%7$s (PEC)</string>
                  <key>PayloadIdentifier</key><string>%5$s</string>
                  <key>PayloadRemovalDisallowed</key><false/>
                  <key>PayloadType</key><string>Configuration</string>
                  <key>PayloadUUID</key><string>%8$s</string>
                  <key>PayloadVersion</key><integer>1</integer>
                </dict>
                </plist>
                """.formatted(login, host, servers.imapsPort(), servers.submissionTlsPort(), id,
                UUID.nameUUIDFromBytes((id + ".account").getBytes(StandardCharsets.UTF_8)),
                xml(providerName), UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)));
    }

    private static String xml(String text) {
        return XmlText.escaped(text);
    }
}
