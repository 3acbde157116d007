package io.sigillo.webmail.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Italian first; English when the browser prefers it or the user picks it ({@code ?lingua=en}, kept in a cookie for
 * a year).
 */
@Configuration
public class Languages implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("lingua");
        resolver.setDefaultLocaleFunction(Languages::preferred);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /** The first of Italian and English the browser names; Italian when it names neither, or nothing. */
    static Locale preferred(HttpServletRequest request) {
        if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) == null) {
            return Locale.ITALIAN;
        }
        for (Locale asked : Collections.list(request.getLocales())) {
            if (asked.getLanguage().equals("it") || asked.getLanguage().equals("en")) {
                return asked.getLanguage().equals("it") ? Locale.ITALIAN : Locale.ENGLISH;
            }
        }
        return Locale.ITALIAN;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName(LanguageLinks.PARAMETER);
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }
}
