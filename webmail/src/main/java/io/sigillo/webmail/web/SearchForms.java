package io.sigillo.webmail.web;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;

/** Runs what a search form asks for; a search the service cannot take brings the form back saying so. */
public final class SearchForms {

    /** The model attribute, true when the search was not run, that the pages show as {@code search.refused}. */
    public static final String REFUSED = "searchRefused";

    private static final Logger LOG = LoggerFactory.getLogger(SearchForms.class);

    private SearchForms() {
    }

    /**
     * What {@code search} finds; {@code nothing}, with {@link #REFUSED} in {@code model}, when {@code overlong} (a
     * field longer than the service takes) or when the service refuses the search.
     */
    public static <T> T run(boolean overlong, Supplier<T> search, T nothing, Model model) {
        if (!overlong) {
            try {
                return search.get();
            } catch (QueryRefused refused) {
                // What the user typed, not a fault here: worth a line, not an alarm.
                LOG.info("A search was refused: {}", refused.getMessage());
            }
        }
        model.addAttribute(REFUSED, true);
        return nothing;
    }
}
