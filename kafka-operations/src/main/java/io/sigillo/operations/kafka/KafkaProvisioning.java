package io.sigillo.operations.kafka;

import io.sigillo.pec.event.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Makes a provider's Kafka cluster ready for its services (ADR 0023): the topics, one SCRAM user per service and the
 * ACLs of {@link PlatformGrants}. Each step can run again: an existing topic is left as it is, a user's password is
 * replaced, an ACL that exists is not added twice.
 */
public final class KafkaProvisioning {

    /** Iterations of SCRAM-SHA-512's key derivation, the minimum Kafka accepts being 4096. */
    private static final int SCRAM_ITERATIONS = 8192;

    private final Admin admin;

    /** Provisioning through {@code admin}, which must be logged in as a super user of the cluster. */
    public KafkaProvisioning(Admin admin) {
        this.admin = admin;
    }

    /**
     * Creates every topic of {@code topics} that does not exist yet, with {@code partitions} partitions and
     * {@code replicationFactor} replicas (the cluster's defaults where empty); the mailbox topic is compacted (ADR 0004).
     */
    public void createTopics(Set<String> topics, Optional<Integer> partitions, Optional<Short> replicationFactor) {
        List<NewTopic> wanted = topics.stream().map(topic -> {
            NewTopic created = new NewTopic(topic, partitions, replicationFactor);
            return Topics.MAILBOX_REGISTERED.equals(topic) ? created.configs(Map.of("cleanup.policy", "compact"))
                    : created;
        }).toList();
        admin.createTopics(wanted).values().forEach((topic, done) -> {
            try {
                await(done);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        });
    }

    /** Sets the SCRAM-SHA-512 password of each principal. */
    public void createUsers(Collection<KafkaCredentials> users) {
        if (users.isEmpty()) {
            return;
        }
        await(admin.alterUserScramCredentials(users.stream()
                .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(
                        u.username(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                        u.password()))
                .toList()).all());
    }

    /** Adds the ACLs of {@code grants}: nothing else is allowed to the services' principals. */
    public void grant(Collection<ServiceGrants> grants) {
        await(admin.createAcls(bindings(grants)).all());
    }

    /** The ACL bindings {@code grants} stand for. */
    static List<AclBinding> bindings(Collection<ServiceGrants> grants) {
        List<AclBinding> bindings = new ArrayList<>();
        for (ServiceGrants grant : grants) {
            String principal = "User:" + grant.service();
            for (String topic : grant.writes()) {
                bindings.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
                bindings.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            }
            for (String topic : grant.reads()) {
                bindings.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
                bindings.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            }
            if (!grant.reads().isEmpty()) {
                // Its consumer groups: the service's name, or the name and a suffix (access-point-service-timers).
                bindings.add(allow(principal, ResourceType.GROUP, grant.groups(), PatternType.PREFIXED,
                        AclOperation.READ));
            }
        }
        return bindings;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a provisioning step: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer a provisioning step within 60 s", e);
        }
    }
}
