package io.sigillo.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaNull;

/** A batch is written whole, waits whole for a passing failure, and is narrowed down to the record that cannot be. */
class BatchConsumptionTest {

    private final List<String> written = new ArrayList<>();
    private int batchWrites;

    private void all(List<String> batch) {
        batchWrites++;
        batch.forEach(this::one);
    }

    private void one(String record) {
        if (record.startsWith("poison")) {
            throw new IllegalArgumentException(record + " has no body");
        }
        if (record.startsWith("down")) {
            throw new IllegalStateException("error occurred", new ConnectException("the database is down"));
        }
        written.add(record);
    }

    @Test
    void aBatchIsWrittenInOneCall() {
        BatchConsumption.write(List.of("a", "b", "c"), this::all, this::one, r -> r);

        assertThat(written).containsExactly("a", "b", "c");
        assertThat(batchWrites).isOne();
    }

    @Test
    void aRecordThatCannotBeWrittenIsNamedWithItsIndexAfterThoseBeforeItAreWritten() {
        // The batch's own transaction rolls back: here, what it wrote before the failure is forgotten.
        List<String> batch = List.of("a", "poison-b", "c");

        assertThatThrownBy(() -> BatchConsumption.write(batch, this::all, this::one, r -> "record " + r))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("record poison-b cannot be written");
                    assertThat(e.getCause()).hasMessageContaining("has no body");
                });
        // "a" twice: once in the failed batch (rolled back in a real store), once alone; "c" waits for the retry.
        assertThat(written).containsExactly("a", "a");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRecordTheDeserializerCouldNotReadIsNamedWithItsIndexAfterThoseBeforeItAreWritten() {
        // What Spring Kafka hands a natively decoding batch listener for a value its deserializer failed on.
        List<String> batch = (List<String>) (List<?>) List.of("a", "b", KafkaNull.INSTANCE, "d");

        assertThatThrownBy(() -> BatchConsumption.write(batch, this::all, this::one, r -> r))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("record 2 of the poll cannot be read");
                });
        assertThat(written).containsExactly("a", "b");
        assertThat(batchWrites).isOne();
    }

    @Test
    void aPassingFailureMakesTheWholeBatchWaitFromItsFirstRecord() {
        List<String> batch = List.of("a", "down-b", "c");

        assertThatThrownBy(() -> BatchConsumption.write(batch, this::all, this::one, r -> r))
                .isInstanceOfSatisfying(BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isZero());
        assertThat(written).containsExactly("a");
        assertThat(batchWrites).isOne();
    }
}
