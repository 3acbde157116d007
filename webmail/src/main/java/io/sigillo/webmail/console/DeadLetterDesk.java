package io.sigillo.webmail.console;

import io.sigillo.operations.deadletters.DeadLetters;
import io.sigillo.operations.deadletters.DeadLetters.DeadLetter;
import io.sigillo.operations.kafka.PlatformGrants;
import io.sigillo.operations.kafka.ServiceGrants;
import io.sigillo.webmail.web.ConsoleSide;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The services' dead letters as the console reaches them (ADR 0037): as the principal {@code console}, which reads
 * every {@code pec.dlt.<service>} and writes back to the topics they came from. Each page opens its own clients, as
 * a Kafka consumer serves one thread; the replay's consumer group remembers what was replayed, shared with the
 * {@code sigillo-dead-letters} command.
 */
@ConsoleSide
@Component
public class DeadLetterDesk {

    /** The most letters a page shows, and reads, of one service; a replay takes those shown. */
    public static final int SHOWN = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDesk.class);

    /**
     * One service's letters not replayed yet: the first {@link #SHOWN} of {@code total}; or, where Kafka would not let
     * them be read (a topic missing, a grant not given), why.
     */
    public record ServiceLetters(String service, String topic, List<DeadLetter> letters, long total, String failure) {

        /** The last offset shown on each partition: what a replay of this page takes. */
        public Map<Integer, Long> shownThrough() {
            Map<Integer, Long> through = new TreeMap<>();
            letters.forEach(l -> through.merge(l.partition(), l.offset(), Math::max));
            return through;
        }
    }

    /** What a replay did: the letters sent back, and why it stopped before the others, if it did. */
    public record Replay(List<DeadLetter> replayed, Optional<String> stopped) {
    }

    private final ConsoleKafkaProperties kafka;

    public DeadLetterDesk(ConsoleKafkaProperties kafka) {
        this.kafka = kafka;
    }

    /** True when the console was told where the brokers are. */
    public boolean configured() {
        return kafka.configured();
    }

    /**
     * Every service's letters not replayed yet, in the order of the platform's grants. A topic Kafka refuses is
     * shown as such beside the others; Kafka not answering ends the page at once rather than once per service.
     */
    public List<ServiceLetters> pending() {
        List<ServiceLetters> all = new ArrayList<>();
        try (DeadLetters letters = open()) {
            for (ServiceGrants service : PlatformGrants.ALL) {
                String topic = PlatformGrants.deadLetters(service.service());
                try {
                    DeadLetters.Pending found = letters.pending(topic, SHOWN);
                    all.add(new ServiceLetters(service.service(), topic, found.first(), found.total(), null));
                } catch (TimeoutException unanswered) {
                    throw unanswered;
                } catch (KafkaException refused) {
                    all.add(new ServiceLetters(service.service(), topic, List.of(), 0, refused.getMessage()));
                }
            }
        }
        return all;
    }

    /**
     * Replays {@code service}'s letters up to the offsets {@code through} names on each partition, the ones an
     * operator was shown; logs who did it and what went back.
     */
    public Replay replay(String account, String service, Map<Integer, Long> through) {
        String topic = PlatformGrants.of(service).map(g -> PlatformGrants.deadLetters(g.service()))
                .orElseThrow(() -> new IllegalArgumentException("no service " + service));
        try (DeadLetters letters = open()) {
            List<DeadLetter> replayed = letters.replay(topic, through);
            LOG.info("{} replayed {} dead letters of {} ({})", account, replayed.size(), service, positions(replayed));
            return new Replay(replayed, Optional.empty());
        } catch (DeadLetters.ReplayStopped stopped) {
            LOG.warn("{} replayed {} dead letters of {} ({}), then stopped: {}", account, stopped.replayed().size(),
                    service, positions(stopped.replayed()), stopped.getMessage());
            return new Replay(stopped.replayed(), Optional.of(stopped.getMessage()));
        }
    }

    private DeadLetters open() {
        return new DeadLetters(kafka.bootstrapServers(), kafka.login());
    }

    private static List<String> positions(List<DeadLetter> letters) {
        return letters.stream().map(l -> l.partition() + "/" + l.offset()).toList();
    }
}
