package io.sigillo.operations.deadletters;

import ch.qos.logback.classic.Level;
import io.sigillo.operations.kafka.KafkaProvisioningTool;
import io.sigillo.operations.kafka.PlatformGrants;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' command for a service's dead letters:
 * {@code dead-letters list|replay --bootstrap-servers HOST:PORT --service NAME} lists the records on
 * {@code pec.dlt.NAME} not yet replayed, or replays them into their source topics once their cause is fixed. On brokers
 * that require a login it logs in as {@code SIGILLO_KAFKA_ADMIN_USERNAME} / {@code _PASSWORD} (ADR 0023).
 */
public final class DeadLetterTool {

    private static final String USAGE = "usage: dead-letters list|replay --bootstrap-servers HOST:PORT --service NAME";

    private DeadLetterTool() {
    }

    /** Runs the command; exits 2 on a usage error. */
    public static void main(String[] args) {
        if (args.length != 5 || !args[1].equals("--bootstrap-servers") || !args[3].equals("--service")
                || !List.of("list", "replay").contains(args[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        // The Kafka clients' configuration dumps would bury the answer.
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
        String topic = PlatformGrants.deadLetters(args[4]);
        try (DeadLetters letters = new DeadLetters(args[2], KafkaProvisioningTool.administrator(System.getenv()))) {
            PrintStream out = System.out;
            List<DeadLetters.DeadLetter> shown = args[0].equals("list") ? letters.pending(topic)
                    : letters.replay(topic);
            for (DeadLetters.DeadLetter letter : shown) {
                out.printf("%s %d/%d key=%s from=%s at=%s: %s%n", args[0].equals("list") ? "pending" : "replayed",
                        letter.partition(), letter.offset(), letter.key(), letter.sourceTopic(), letter.parkedAt(),
                        letter.failure());
            }
            out.printf("%d %s on %s%n", shown.size(), args[0].equals("list") ? "not replayed" : "replayed", topic);
        }
    }
}
