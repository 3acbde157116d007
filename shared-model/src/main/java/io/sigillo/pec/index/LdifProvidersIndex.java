package io.sigillo.pec.index;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the providers' index from LDIF (RFC 2849), the export format of the national LDAP directory: one
 * entry per provider with {@code providerName}, {@code providerCertificate} (base64, {@code ::}),
 * {@code mailReceipt} and {@code managedDomains}; Sigillo adds an optional {@code sigilloMailHost}.
 */
public final class LdifProvidersIndex {

    private LdifProvidersIndex() {
    }

    /** Reads and checks a file; a {@link ProvidersIndexException} names the entry and what is wrong. */
    public static ProvidersIndex read(Path file) throws ProvidersIndexException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProvidersIndexException("cannot read the providers' index " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses LDIF text. */
    public static ProvidersIndex parse(String ldif) throws ProvidersIndexException {
        List<ProviderEntry> providers = new ArrayList<>();
        int number = 0;
        for (Map<String, List<String>> entry : entries(ldif)) {
            number++;
            if (!entry.getOrDefault("objectclass", List.of()).stream()
                    .anyMatch(c -> c.equalsIgnoreCase("provider"))) {
                continue;
            }
            String name = single(entry, "providername", number);
            try {
                providers.add(new ProviderEntry(name, certificates(entry.getOrDefault("providercertificate",
                        List.of()), name), single(entry, "mailreceipt", number),
                        entry.getOrDefault("manageddomains", List.of()),
                        entry.getOrDefault("sigillomailhost", List.of()).stream().findFirst().orElse(null)));
            } catch (IllegalArgumentException e) {
                throw new ProvidersIndexException("entry " + number + " (" + name + "): " + e.getMessage(), e);
            }
        }
        if (providers.isEmpty()) {
            // A truncated or foreign export would otherwise replace the index in force with none at all, and every
            // provider's mail would become an anomaly.
            throw new ProvidersIndexException("no provider entry (objectClass provider) in the index");
        }
        try {
            return new ProvidersIndex(providers);
        } catch (IllegalArgumentException e) {
            throw new ProvidersIndexException(e.getMessage(), e);
        }
    }

    private static List<Map<String, List<String>>> entries(String ldif) throws ProvidersIndexException {
        List<Map<String, List<String>>> entries = new ArrayList<>();
        Map<String, List<String>> current = new LinkedHashMap<>();
        List<String> logical = new ArrayList<>();
        for (String line : ldif.replace("\r\n", "\n").split("\n", -1)) {
            if (line.startsWith(" ") && !logical.isEmpty()) {
                logical.set(logical.size() - 1, logical.get(logical.size() - 1) + line.substring(1));
            } else {
                logical.add(line);
            }
        }
        for (String line : logical) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    entries.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.startsWith("#") || line.toLowerCase(Locale.ROOT).startsWith("version:")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProvidersIndexException("not an LDIF attribute line: " + line);
            }
            String attribute = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value;
            if (line.startsWith("::", colon)) {
                try {
                    value = new String(Base64.getMimeDecoder().decode(line.substring(colon + 2).trim()),
                            StandardCharsets.ISO_8859_1);
                } catch (IllegalArgumentException e) {
                    throw new ProvidersIndexException("bad base64 in attribute " + attribute, e);
                }
            } else {
                value = line.substring(colon + 1).trim();
            }
            current.computeIfAbsent(attribute, a -> new ArrayList<>()).add(value);
        }
        if (!current.isEmpty()) {
            entries.add(current);
        }
        return entries;
    }

    private static String single(Map<String, List<String>> entry, String attribute, int number)
            throws ProvidersIndexException {
        List<String> values = entry.getOrDefault(attribute, List.of());
        if (values.size() != 1 || values.get(0).isBlank()) {
            throw new ProvidersIndexException("entry " + number + " needs exactly one " + attribute);
        }
        return values.get(0);
    }

    private static List<X509Certificate> certificates(List<String> values, String provider)
            throws ProvidersIndexException {
        if (values.isEmpty()) {
            throw new ProvidersIndexException(provider + " lists no providerCertificate");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String der : values) {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(der.getBytes(StandardCharsets.ISO_8859_1))));
            }
        } catch (CertificateException e) {
            throw new ProvidersIndexException(provider + " has an unreadable providerCertificate: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** Writes an index as LDIF, for the demo PKI and for tests. */
    public static String write(List<ProviderEntry> providers, String baseDn) {
        StringBuilder out = new StringBuilder("version: 1\n\n");
        for (ProviderEntry p : providers) {
            out.append("dn: providerName=").append(p.providerName().replace(",", "\\,")).append(',').append(baseDn)
                    .append('\n').append("objectClass: provider\n").append("providerName: ").append(p.providerName())
                    .append('\n').append("mailReceipt: ").append(p.mailReceipt()).append('\n');
            p.managedDomains().forEach(d -> out.append("managedDomains: ").append(d).append('\n'));
            for (X509Certificate c : p.certificates()) {
                try {
                    out.append("providerCertificate:: ")
                            .append(Base64.getEncoder().encodeToString(c.getEncoded())).append('\n');
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalArgumentException("certificate cannot be encoded", e);
                }
            }
            p.certificateHashes().forEach(h -> out.append("providerCertificateHash: ").append(h).append('\n'));
            if (p.mailHost() != null) {
                out.append("sigilloMailHost: ").append(p.mailHost()).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
