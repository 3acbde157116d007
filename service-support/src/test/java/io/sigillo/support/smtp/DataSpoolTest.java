package io.sigillo.support.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataSpoolTest {

    @Test
    void aSmallMessageStaysInMemoryWithItsLongestLineMeasured() throws Exception {
        byte[] message = "Subject: x\r\n\r\nuna riga\r\nuna riga più lunga\r\n".getBytes(StandardCharsets.UTF_8);

        try (DataSpool spool = DataSpool.read(new ByteArrayInputStream(message), 1000, 1024,
                new DataSpool.Space(1 << 20))) {
            assertThat(spool.file()).isNull();
            assertThat(spool.bytes()).isEqualTo(message);
            assertThat(spool.size()).isEqualTo(message.length);
            assertThat(spool.longestLine()).isEqualTo("una riga più lunga".getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aMessageBeyondTheThresholdGoesToAFileThatIsGoneOnceClosed() throws Exception {
        byte[] message = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(message);

        DataSpool.Space space = new DataSpool.Space(10_000_000);
        Path file;
        try (DataSpool spool = DataSpool.read(new ByteArrayInputStream(message), 10_000_000, 1024 * 1024, space)) {
            file = spool.file();
            assertThat(file).isNotNull().exists();
            assertThat(spool.bytes()).isEqualTo(message);
            assertThat(space.free()).isEqualTo(10_000_000 - message.length);
        }
        assertThat(Files.exists(file)).isFalse();
        assertThat(space.free()).isEqualTo(10_000_000);
    }

    @Test
    void bytesPastTheLimitAreCountedButNotKept() throws Exception {
        byte[] message = "x".repeat(5000).getBytes(StandardCharsets.US_ASCII);

        try (DataSpool spool = DataSpool.read(new ByteArrayInputStream(message), 1000, 100,
                new DataSpool.Space(1 << 20))) {
            assertThat(spool.size()).isEqualTo(5000);
            assertThat(spool.bytes()).hasSize(1000);
            assertThat(spool.longestLine()).isEqualTo(5000);
        }
    }

    @Test
    void whenTheSharedDiskIsUsedUpTheMessageIsNotKeptAndItsRoomIsGivenBack() throws Exception {
        DataSpool.Space space = new DataSpool.Space(100_000);
        byte[] message = new byte[300_000];

        try (DataSpool first = DataSpool.read(new ByteArrayInputStream(new byte[60_000]), 1_000_000, 1024, space);
                DataSpool second = DataSpool.read(new ByteArrayInputStream(message), 1_000_000, 1024, space)) {
            assertThat(first.outOfSpace()).isFalse();
            assertThat(second.outOfSpace()).isTrue();
            assertThat(second.size()).isEqualTo(message.length);
        }
        assertThat(space.free()).isEqualTo(100_000);
    }

    @Test
    void theMemoryBudgetMakesALateTransactionWaitThenGivesUp() throws Exception {
        MemoryBudget budget = new MemoryBudget(10 * 1024, Duration.ofMillis(50));

        try (MemoryBudget.Share large = budget.take(8 * 1024).orElseThrow()) {
            assertThat(budget.take(4 * 1024)).isEmpty();
            assertThat(budget.take(1024)).hasValueSatisfying(MemoryBudget.Share::close);
        }
        // A message larger than the whole budget takes all of it, once the others are done.
        try (MemoryBudget.Share huge = budget.take(1L << 30).orElseThrow()) {
            assertThat(budget.available()).isZero();
        }
        assertThat(budget.available()).isEqualTo(10 * 1024);
    }
}
