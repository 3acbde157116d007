package io.sigillo.webmail.mailbox;

import java.util.List;

/**
 * One page of a listing the delivery point answers, newest first.
 *
 * @param messages what this page holds
 * @param page     its number, from 0
 * @param size     at most how many a page holds
 * @param total    how many the listing holds in all
 * @param <T>      what it lists
 */
public record Paged<T>(List<T> messages, int page, int size, long total) {

    public Paged {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** An empty listing, for a search that was not run. */
    public static <T> Paged<T> nothing() {
        return new Paged<>(List.of(), 0, 1, 0);
    }

    /** Whether a page comes before this one. */
    public boolean hasPrevious() {
        return page > 0;
    }

    /** Whether a page comes after this one. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
