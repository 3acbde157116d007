package io.sigillo.auditlog;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Configuration;

/** Binds the audit log's configuration records. */
@Configuration
@ConfigurationPropertiesScan
public class AuditLogConfiguration {
}
