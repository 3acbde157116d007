package io.sigillo.bench.formats;

import io.sigillo.pec.daticert.Daticert;
import io.sigillo.pec.daticert.DaticertException;
import io.sigillo.pec.daticert.DaticertReader;
import io.sigillo.pec.daticert.DaticertSchema;
import io.sigillo.pec.daticert.DaticertWriter;
import io.sigillo.pec.demo.DemoMessages;
import io.sigillo.pec.message.ProviderMessage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Daticert write (with the XSD check every composed message gets) and hardened read, for each kind of daticert. The
 * daticert holds the message's facts, not its body, so its cost does not grow with the message: one size serves the
 * 10 KB, 1 MB and 20 MB messages alike (the compose and classify benchmarks carry the size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DaticertBenchmark {

    @Param({"posta-certificata", "accettazione", "avvenuta-consegna-completa", "presa-in-carico"})
    public String kind;

    private final DaticertWriter writer = new DaticertWriter();
    private final DaticertSchema schema = new DaticertSchema();
    private final DaticertReader reader = new DaticertReader();
    private Daticert daticert;
    private byte[] xml;

    @Setup
    public void setUp() {
        ProviderMessage message = DemoMessages.all(Fixtures.AT).get(kind);
        daticert = message.daticert().orElseThrow();
        xml = writer.write(daticert);
    }

    @Benchmark
    public byte[] writeAndValidate() throws DaticertException {
        byte[] written = writer.write(daticert);
        schema.validate(written);
        return written;
    }

    @Benchmark
    public Daticert read() throws DaticertException {
        return reader.read(xml);
    }
}
