package io.sigillo.bench.load;

import io.sigillo.pec.pki.DemoPki;
import io.sigillo.pec.smime.KeystoreException;
import io.sigillo.pec.smime.ProviderCredentials;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * How fast this machine can sign with each provider's key on all its cores, with the Bouncy Castle provider the
 * services sign with: the ceiling no amount of plumbing can lift, since every message needs several signatures.
 */
final class SigningBound {

    private static final byte[] SIGNED_ATTRIBUTES = new byte[120];

    private SigningBound() {
    }

    /** Signatures per second of each provider's key (domain → rate), on every core, measured for {@code seconds}. */
    static Map<String, Double> measure(Path pki, List<String> domains, double seconds) throws Exception {
        Map<String, Double> rates = new java.util.TreeMap<>();
        for (String domain : domains) {
            rates.put(domain, rate(key(pki, domain), seconds));
        }
        return rates;
    }

    /**
     * Messages per second the signing alone allows: the time one message's signatures take, each at its signer's
     * rate, inverted.
     */
    static double messagesPerSecond(Map<String, Double> rates, Map<String, Double> signaturesPerMessage) {
        double seconds = 0;
        for (Map.Entry<String, Double> signer : signaturesPerMessage.entrySet()) {
            seconds += signer.getValue() / rates.getOrDefault(signer.getKey(), Double.NaN);
        }
        return 1 / seconds;
    }

    private static PrivateKey key(Path pki, String domain) throws KeystoreException {
        return ProviderCredentials.fromPkcs12(pki.resolve(domain + ".p12"), DemoPki.DEMO_PASSWORD.toCharArray(),
                DemoPki.SIGNING_ALIAS).privateKey();
    }

    private static double rate(PrivateKey key, double seconds) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        String algorithm = key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        BouncyCastleProvider provider = new BouncyCastleProvider();
        // Warm up first, so the figure is the JIT-compiled rate the services reach, not the interpreter's.
        sign(key, algorithm, provider, threads, Math.min(3.0, seconds));
        return sign(key, algorithm, provider, threads, seconds) / seconds;
    }

    private static long sign(PrivateKey key, String algorithm, BouncyCastleProvider provider, int threads,
            double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                Signature signature = Signature.getInstance(algorithm, provider);
                long n = 0;
                while (System.nanoTime() < end) {
                    signature.initSign(key);
                    signature.update(SIGNED_ATTRIBUTES);
                    signature.sign();
                    n++;
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return total;
    }
}
