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

    /** Runs the command; exits 2 on a usage error, 1 when a replay stops at a record Kafka refuses. */
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
            if (args[0].equals("list")) {
                List<DeadLetters.DeadLetter> pending = letters.pending(topic);
                print("pending", pending);
                System.out.printf("%d not replayed on %s%n", pending.size(), topic);
                return;
            }
            try {
                List<DeadLetters.DeadLetter> replayed = letters.replay(topic);
                print("replayed", replayed);
                System.out.printf("%d replayed on %s%n", replayed.size(), topic);
            } catch (DeadLetters.ReplayStopped stopped) {
                print("replayed", stopped.replayed());
                System.err.printf("%d replayed on %s, then: %s%n", stopped.replayed().size(), topic,
                        stopped.getMessage());
                System.exit(1);
            }
        }
    }

    private static void print(String state, List<DeadLetters.DeadLetter> letters) {
        PrintStream out = System.out;
        for (DeadLetters.DeadLetter letter : letters) {
            out.printf("%s %d/%d key=%s from=%s at=%s: %s%n", state, letter.partition(), letter.offset(),
                    letter.key(), letter.sourceTopic(), letter.parkedAt(), letter.failure());
        }
    }
}
