package io.sigillo.bench.formats;

import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.DeliveryReceipt;
import io.sigillo.pec.message.OriginalMessage;
import io.sigillo.pec.message.ProviderMessageComposer;
import io.sigillo.pec.message.TransportEnvelope;
import io.sigillo.pec.format.ReceiptType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compose and sign: the transport envelope (busta di trasporto) and a full delivery receipt, both of which carry the
 * original, signed with alpha's RSA-2048 key or beta's ECDSA P-256 key, streamed to a counting sink as the services
 * stream them to the blob store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigningBenchmark {

    @Param({"KB_10", "MB_1", "MB_20"})
    public MessageSize size;

    @Param({"pec.alpha.example", "pec.beta.example"})
    public String provider;

    private Fixtures fixtures;
    private ProviderMessageComposer composer;
    private TransportEnvelope envelope;
    private DeliveryReceipt receipt;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixtures = new Fixtures();
        composer = fixtures.composer(provider);
        OriginalMessage original = Fixtures.original(size);
        envelope = new TransportEnvelope(DemoMessages.facts(), DemoMessages.ALPHA, Fixtures.AT, original);
        receipt = new DeliveryReceipt(DemoMessages.facts(), DemoMessages.BETA, Fixtures.AT, "bob@pec.beta.example",
                ReceiptType.COMPLETA, original);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fixtures.close();
    }

    @Benchmark
    public long composeAndSignTransportEnvelope() throws IOException {
        CountingSink sink = new CountingSink();
        composer.compose(envelope, sink);
        return sink.count;
    }

    @Benchmark
    public long composeAndSignDeliveryReceipt() throws IOException {
        CountingSink sink = new CountingSink();
        composer.compose(receipt, sink);
        return sink.count;
    }

    /** Where the signed bytes go: counted, not kept, so the benchmark measures composing and signing only. */
    static final class CountingSink extends OutputStream {

        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
