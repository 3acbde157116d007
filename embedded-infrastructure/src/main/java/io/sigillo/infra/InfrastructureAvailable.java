package io.sigillo.infra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class that needs Kafka and PostgreSQL when the chosen infrastructure cannot run here:
 * {@code -Pcontainers} on a host without a Docker engine. The default, embedded, always runs.
 */
public final class InfrastructureAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (SharedTestInfrastructure.available()) {
            return ConditionEvaluationResult.enabled(SharedTestInfrastructure.containers()
                    ? "running on PostgreSQL and Kafka containers" : "running on embedded PostgreSQL and Kafka");
        }
        return ConditionEvaluationResult.disabled("-Pcontainers needs a Docker engine and none answers here: "
                + "skipped (the default build runs these tests on embedded PostgreSQL and Kafka)");
    }
}
