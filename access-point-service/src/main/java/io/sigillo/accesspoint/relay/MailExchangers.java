package io.sigillo.accesspoint.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Where ordinary mail for a domain goes, as RFC 5321 section 5.1 says: the addresses of its MX hosts, the most
 * preferred first (in random order among equals), or the domain's own addresses when it has no MX. A null MX
 * (RFC 7505) or a domain that does not exist is an answer too: no mail can go there. Asked of dnsjava, over the
 * resolvers of {@code sigillo.relay.dns-servers} or the system's.
 */
@Component
public class MailExchangers {

    /** What DNS says of a domain. */
    public sealed interface Answer permits Hosts, NoMail, Unresolved {
    }

    /** The addresses to try, in order: each MX host's, most preferred first. */
    public record Hosts(List<InetAddress> addresses) implements Answer {
    }

    /** The domain takes no mail, for good. */
    public record NoMail(String why) implements Answer {
    }

    /** DNS gave no answer now: try again later. */
    public record Unresolved(String why) implements Answer {
    }

    private final Resolver resolver;

    public MailExchangers(RelayProperties properties) {
        this.resolver = resolver(properties.dnsServers());
    }

    /** Where mail for {@code domain} goes. */
    public Answer of(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new NoMail("\"" + domain + "\" is not a domain name");
        }
        Lookup mx = lookup(name, Type.MX);
        Record[] records = mx.run();
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL:
                return exchangers(domain, records);
            case Lookup.TYPE_NOT_FOUND:
                // No MX: the domain itself is the mail host (the "implicit MX").
                return addresses(List.of(name), domain + " has no MX and no address");
            case Lookup.HOST_NOT_FOUND:
                return new NoMail(domain + " does not exist");
            default:
                return new Unresolved("MX of " + domain + ": " + mx.getErrorString());
        }
    }

    private Answer exchangers(String domain, Record[] records) {
        Map<Integer, List<Name>> byPreference = new TreeMap<>();
        for (Record record : records) {
            MXRecord mx = (MXRecord) record;
            byPreference.computeIfAbsent(mx.getPriority(), p -> new ArrayList<>()).add(mx.getTarget());
        }
        List<Name> hosts = new ArrayList<>();
        byPreference.values().forEach(equals -> {
            // Senders spread their load over hosts of equal preference (RFC 5321 section 5.1).
            Collections.shuffle(equals);
            hosts.addAll(equals);
        });
        if (hosts.size() == 1 && hosts.get(0).equals(Name.root)) {
            return new NoMail(domain + " takes no mail (null MX, RFC 7505)");
        }
        hosts.removeIf(Name.root::equals);
        return addresses(hosts, "no MX host of " + domain + " has an address");
    }

    private Answer addresses(List<Name> hosts, String noneFound) {
        List<InetAddress> addresses = new ArrayList<>();
        String unresolved = null;
        for (Name host : hosts) {
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Lookup lookup = lookup(host, type);
                Record[] records = lookup.run();
                if (lookup.getResult() == Lookup.SUCCESSFUL) {
                    for (Record record : records) {
                        addresses.add(record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress());
                    }
                } else if (lookup.getResult() == Lookup.TRY_AGAIN || lookup.getResult() == Lookup.UNRECOVERABLE) {
                    unresolved = host + ": " + lookup.getErrorString();
                }
            }
        }
        if (!addresses.isEmpty()) {
            return new Hosts(addresses);
        }
        return unresolved != null ? new Unresolved(unresolved) : new NoMail(noneFound);
    }

    private Lookup lookup(Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        // Names are absolute (they end with the root), so no search path applies.
        lookup.setResolver(resolver);
        return lookup;
    }

    private static Resolver resolver(List<String> servers) {
        if (servers == null || servers.isEmpty()) {
            return Lookup.getDefaultResolver();
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            boolean hasPort = colon > 0 && server.indexOf(':') == colon;
            String host = hasPort ? server.substring(0, colon) : server;
            int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
            try {
                resolvers.add(new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("sigillo.relay.dns-servers: " + server + ": " + e.getMessage(), e);
            }
        }
        return resolvers.size() == 1 ? resolvers.get(0) : new ExtendedResolver(resolvers);
    }
}
