package dev.tributary.sandbox.rds;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One zero-ETL integration as the RDS stand-in keeps it. Mutable; guarded by the stand-in's lock. */
final class StandInIntegration {
    final String arn;
    final String sourceArn;
    final String targetArn;
    final String kmsKeyId;
    final Map<String, String> encryptionContext;
    final List<String[]> tags;
    final Instant createTime = Instant.now();
    String name;
    String dataFilter;
    String description;
    String status = "creating";
    /** When the current transition (creating, modifying, deleting) completes. */
    Instant settlesAt;
    final Map<String, String> errors = new LinkedHashMap<>();

    StandInIntegration(String arn, String name, String sourceArn, String targetArn, String kmsKeyId,
                       Map<String, String> encryptionContext, List<String[]> tags, String dataFilter, String description) {
        this.arn = arn;
        this.name = name;
        this.sourceArn = sourceArn;
        this.targetArn = targetArn;
        this.kmsKeyId = kmsKeyId;
        this.encryptionContext = encryptionContext;
        this.tags = tags;
        this.dataFilter = dataFilter;
        this.description = description;
    }

    String id() {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
