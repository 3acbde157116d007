package io.sigillo.bench.formats;

import io.sigillo.pec.classify.Classification;
import io.sigillo.pec.classify.PecClassifier;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.TransportEnvelope;
import java.io.IOException;
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
 * Verify and classify: what the receiving provider's incoming point does with a transport envelope (signature,
 * signer trusted, daticert read and matched, postacert.eml extracted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifyBenchmark {

    @Param({"KB_10", "MB_1", "MB_20"})
    public MessageSize size;

    @Param({"pec.alpha.example", "pec.beta.example"})
    public String signer;

    private Fixtures fixtures;
    private PecClassifier classifier;
    private byte[] envelope;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixtures = new Fixtures();
        classifier = new PecClassifier(fixtures.verifier());
        envelope = fixtures.composer(signer).compose(new TransportEnvelope(DemoMessages.facts(), DemoMessages.ALPHA,
                Fixtures.AT, Fixtures.original(size))).bytes();
        Classification check = classifier.classify(envelope);
        if (!check.isValid()) {
            throw new IllegalStateException("the benchmark's envelope does not verify: " + check.reason());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fixtures.close();
    }

    @Benchmark
    public Classification verifyAndClassifyTransportEnvelope() {
        return classifier.classify(envelope);
    }
}
