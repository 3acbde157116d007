package io.sigillo.incomingpoint.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigillo.blob.BlobStore;
import io.sigillo.blob.InMemoryBlobStore;
import io.sigillo.incomingpoint.IncomingPointProperties;
import io.sigillo.infra.TestTime;
import io.sigillo.pec.event.BlobRef;
import io.sigillo.pec.index.LdifProvidersIndex;
import io.sigillo.pec.index.ProvidersIndex;
import io.sigillo.pec.testing.TestPki;
import io.sigillo.support.provider.LocalProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.springframework.util.unit.DataSize;
import org.subethamail.smtp.server.SMTPServer;

/** The SMTP transaction's promises, without a network: refuse what is not ours, never say 250 unstored. */
class DurableReceptionTest {

    private static final MessageContext FROM_BETA = new MessageContext() {
        @Override
        public SMTPServer getSMTPServer() {
            return null;
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public Optional<AuthenticationHandler> getAuthenticationHandler() {
            return Optional.empty();
        }

        @Override
        public Optional<String> getHelo() {
            return Optional.of("smtp.pec.beta.example");
        }

        @Override
        public Certificate[] getTlsPeerCertificates() {
            return new Certificate[0];
        }
    };

    private static LocalProvider alpha() throws Exception {
        ProvidersIndex index = LdifProvidersIndex.read(TestPki.get().dir().resolve("providers-index.ldif"));
        return new LocalProvider("pec.alpha.example", () -> index);
    }

    private static InputStream message() {
        return new ByteArrayInputStream("Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void whenTheMessageCannotBeStoredTheAnswerIs451SoTheSenderKeepsIt() throws Exception {
        BlobStore failing = new BlobStore() {
            @Override
            public BlobRef put(byte[] bytes) {
                throw new IllegalStateException("database down");
            }

            @Override
            public BlobRef put(InputStream content) {
                throw new IllegalStateException("database down");
            }

            @Override
            public Optional<byte[]> get(BlobRef ref) {
                return Optional.empty();
            }

            @Override
            public boolean contains(BlobRef ref) {
                return false;
            }
        };
        MessageHandler transaction = new DurableReception(failing, null, alpha(), TestTime.clock(), limits(1000),
                new SimpleMeterRegistry())
                .create(FROM_BETA);
        transaction.from("posta-certificata@pec.beta.example");
        transaction.recipient("bob@pec.alpha.example");

        assertThatThrownBy(() -> transaction.data(message())).isInstanceOfSatisfying(RejectException.class,
                e -> {
                    assertThat(e.getCode()).isEqualTo(451);
                    assertThat(e.getMessage()).contains("try again later");
                });
    }

    @Test
    void recipientsOutsideThisProvidersDomainsAre550() throws Exception {
        MessageHandler transaction = new DurableReception(new InMemoryBlobStore(), null, alpha(), TestTime.clock(),
                limits(1000), new SimpleMeterRegistry()).create(FROM_BETA);

        assertThatThrownBy(() -> transaction.recipient("carol@pec.beta.example"))
                .isInstanceOfSatisfying(RejectException.class, e -> assertThat(e.getCode()).isEqualTo(550));
    }

    /** The server's settings with {@code maxMessageSize} bytes and the defaults otherwise. */
    private static IncomingPointProperties.Smtp limits(long maxMessageSize) {
        return new IncomingPointProperties.Smtp(true, 0, null, null, DataSize.ofBytes(maxMessageSize), 0, null, null,
                false, 0, 0, 0, null, null, null);
    }

    @Test
    void aMessageWithALineLongerThanTheRfcAllowsIs500AndNothingIsStored() throws Exception {
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        MessageHandler transaction = new DurableReception(blobs, null, alpha(), TestTime.clock(), limits(100_000),
                new SimpleMeterRegistry()).create(FROM_BETA);
        transaction.from("posta-certificata@pec.beta.example");
        transaction.recipient("bob@pec.alpha.example");
        byte[] message = ("Subject: x\r\n\r\n" + "a".repeat(999) + "\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> transaction.data(new ByteArrayInputStream(message)))
                .isInstanceOfSatisfying(RejectException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("998");
                });
        assertThat(blobs.count()).isZero();
    }

    @Test
    void aMessageOverTheSizeLimitIs552AndNothingIsStored() throws Exception {
        InMemoryBlobStore blobs = new InMemoryBlobStore();
        MessageHandler transaction = new DurableReception(blobs, null, alpha(), TestTime.clock(), limits(1000),
                new SimpleMeterRegistry()).create(FROM_BETA);
        transaction.recipient("bob@pec.alpha.example");
        byte[] message = ("Subject: x\r\n\r\n" + "riga\r\n".repeat(300)).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> transaction.data(new ByteArrayInputStream(message)))
                .isInstanceOfSatisfying(RejectException.class, e -> assertThat(e.getCode()).isEqualTo(552));
        assertThat(blobs.count()).isZero();
    }
}
