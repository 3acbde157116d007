package io.sigillo.pec.mime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailStreamsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(MailStreams.PROVIDER_PROPERTY);
        System.clearProperty(MailStreams.PROVIDER_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(MailStreams.PROVIDER_PROPERTY);
        } else {
            System.setProperty(MailStreams.PROVIDER_PROPERTY, before);
        }
    }

    @Test
    void namesAngusAsJakartaMailsStreamProvider() {
        MailStreams.nameAngusProvider();

        assertThat(System.getProperty(MailStreams.PROVIDER_PROPERTY)).isEqualTo(MailStreamProvider.class.getName());
        assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
    }

    @Test
    void aProviderTheOperatorNamedIsKept() {
        System.setProperty(MailStreams.PROVIDER_PROPERTY, "com.example.TheirStreamProvider");

        MailStreams.nameAngusProvider();

        assertThat(System.getProperty(MailStreams.PROVIDER_PROPERTY)).isEqualTo("com.example.TheirStreamProvider");
    }
}
