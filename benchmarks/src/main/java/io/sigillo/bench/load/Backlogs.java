package io.sigillo.bench.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the services' consumers still have to read, on both providers' brokers: a warm-up's receipts are stored long
 * before its Sent copies, log records and appends are, and a phase measured while that backlog drains measures the
 * backlog (step 11's lone messages waited 35 s behind it).
 */
final class Backlogs {

    private final List<Properties> brokers;

    Backlogs(List<Properties> brokers) {
        this.brokers = brokers;
    }

    /**
     * Waits until no consumer group lags on any broker, seen twice a second apart, or {@code atMost} passed; returns
     * how long it waited.
     */
    Duration awaitDrained(Duration atMost) throws Exception {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < deadline) {
            quiet = lag() == 0 ? quiet + 1 : 0;
            if (quiet < 2) {
                Thread.sleep(1000);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Records not yet committed by their consumer group, summed over every group and broker. */
    long lag() throws Exception {
        long lag = 0;
        for (Properties settings : brokers) {
            try (Admin admin = Admin.create(settings)) {
                for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin
                            .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                    committed.keySet().forEach(p -> ask.put(p, OffsetSpec.latest()));
                    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask).all()
                            .get();
                    for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                        if (c.getValue() != null) {
                            lag += Math.max(0, ends.get(c.getKey()).offset() - c.getValue().offset());
                        }
                    }
                }
            }
        }
        return lag;
    }
}
