package io.sigillo.pec.event;

import io.sigillo.pec.message.HeaderText;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a signed message goes, split once by the service that signs it so that no consumer derives it again: the
 * delivery point takes {@code local}, the relay {@code otherProviders} (by SMTP to their mail hosts) and
 * {@code external} (ordinary e-mail).
 *
 * @param local          mailboxes of this provider
 * @param otherProviders addresses in domains other PEC providers serve (the providers' index)
 * @param external       addresses outside PEC
 */
public record Routing(List<String> local, List<String> otherProviders, List<String> external) {

    /** Nowhere: a message only the log keeps. */
    public static final Routing NOWHERE = new Routing(List.of(), List.of(), List.of());

    public Routing {
        local = HeaderText.neutralisedAll(local);
        otherProviders = HeaderText.neutralisedAll(otherProviders);
        external = HeaderText.neutralisedAll(external);
    }

    /** Only mailboxes of this provider. */
    public static Routing local(List<String> addresses) {
        return new Routing(addresses, List.of(), List.of());
    }

    /** Every address, local first. */
    public List<String> all() {
        return Stream.of(local, otherProviders, external).flatMap(List::stream).toList();
    }

    /** True when it goes nowhere. */
    public boolean isEmpty() {
        return local.isEmpty() && otherProviders.isEmpty() && external.isEmpty();
    }
}
