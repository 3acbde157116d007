package io.sigillo.accesspoint.submission;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The access point's limits.
 *
 * @param maxSize       the largest message size × number of recipients accepted (the rules ask at least 30 MB)
 * @param maxRecipients the most recipients one message may have (the rules ask at least 50)
 */
@ConfigurationProperties("sigillo.submission")
@Validated
public record SubmissionProperties(DataSize maxSize, @Min(50) int maxRecipients) {

    public SubmissionProperties {
        maxSize = maxSize == null ? DataSize.ofMegabytes(30) : maxSize;
    }
}
