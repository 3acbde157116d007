package io.sigillo.webmail.console;

import java.util.List;

/** A page of the log's search: the log does not count its matches, so a full page may have another after it. */
public record LogPage(List<LoggedMessage> messages, int page, int size) {

    public LogPage {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** Whether a page comes before this one. */
    public boolean hasPrevious() {
        return page > 0;
    }

    /** Whether a page may come after this one. */
    public boolean hasNext() {
        return messages.size() == size;
    }
}
