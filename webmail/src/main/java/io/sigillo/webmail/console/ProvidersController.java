package io.sigillo.webmail.console;

import io.sigillo.pec.index.ProviderEntry;
import io.sigillo.pec.index.ReloadingProvidersIndex;
import io.sigillo.pec.smime.CertificateSummary;
import io.sigillo.webmail.web.ConsoleSide;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The certificates in use and the providers' index in force (ADR 0036): this provider's signing certificate and its
 * retired ones, as its audit log holds them, and every provider the index lists with its domains, hosts and
 * certificates, each with the days it has left.
 */
@ConsoleSide
@Controller
public class ProvidersController {

    /** A provider of the index as the page shows it. */
    public record ListedProvider(String name, List<String> domains, String mailReceipt, String mailHost,
            List<CertificateStanding> certificates) {
    }

    private final AuditLogClient log;
    private final ReloadingProvidersIndex index;
    private final Clock clock;

    public ProvidersController(AuditLogClient log, ReloadingProvidersIndex index, Clock clock) {
        this.log = log;
        this.index = index;
        this.clock = clock;
    }

    @GetMapping("/certificati")
    public String certificates(ConsoleSession session, Model model) {
        Instant now = clock.instant();
        model.addAttribute("account", session.account());
        if (session.auditLogToken() != null) {
            ProviderCertificates ours = log.certificates(session);
            model.addAttribute("ours", ours);
            model.addAttribute("signing", ours.signing() == null ? null : CertificateStanding.of(ours.signing(), now));
            model.addAttribute("retired", ours.retired().stream().map(c -> CertificateStanding.of(c, now)).toList());
        }
        model.addAttribute("providers", index.get().providers().stream().map(p -> listed(p, now)).toList());
        model.addAttribute("checkedAt", now);
        return "console-certificates";
    }

    private static ListedProvider listed(ProviderEntry provider, Instant now) {
        return new ListedProvider(provider.providerName(), provider.managedDomains(), provider.mailReceipt(),
                provider.mailHost(), provider.certificates().stream()
                        .map(c -> CertificateStanding.of(CertificateSummary.of(c), now)).toList());
    }
}
