package io.sigillo.webmail.compose;

import io.sigillo.webmail.web.MailboxOwnersSide;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Sends a compose form posted with more than the webmail takes in one upload back to the form, which says so. The
 * form's files are read before Spring Security's filters, which read its CSRF token: a post over the limit would
 * otherwise fail there, and the browser get the server's bare "413" page.
 */
@MailboxOwnersSide
@Component
public class OversizedUploads extends OncePerRequestFilter implements Ordered {

    /** Where a post over the limit goes: the compose form, saying so. */
    static final String TOO_LARGE = "/scrivi?errore=troppo-grande";

    private static final Logger LOG = LoggerFactory.getLogger(OversizedUploads.class);

    private final StandardServletMultipartResolver multipart = new StandardServletMultipartResolver();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (multipart.isMultipart(request)) {
            try {
                // Parsed once here; the servlet container keeps the parts for the filters and the controller.
                new StandardMultipartHttpServletRequest(request);
            } catch (MaxUploadSizeExceededException e) {
                LOG.info("An upload over the webmail's limit was sent back to the form: {}", e.getMessage());
                response.sendRedirect(request.getContextPath() + TOO_LARGE);
                return;
            } catch (MultipartException e) {
                // Not a form this filter is for (no boundary, cut short): what comes next refuses it, as before.
                LOG.debug("An unreadable multipart request passed on: {}", e.getMessage());
            }
        }
        chain.doFilter(request, response);
    }

    /** Just before Spring Security's filters. */
    @Override
    public int getOrder() {
        return SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1;
    }
}
