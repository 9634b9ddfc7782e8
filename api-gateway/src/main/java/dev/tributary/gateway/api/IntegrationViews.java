package dev.tributary.gateway.api;

import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.gateway.persistence.IntegrationRecord;

/** The answers for an integration, from its row of the registry: the one place that maps one to the other. */
public final class IntegrationViews {

    private IntegrationViews() {
    }

    /** {@code {id, status, validationResults, message}}: the answer to create, edit and delete. */
    public static IntegrationStatusView status(IntegrationRecord record) {
        return new IntegrationStatusView(record.idText(), record.status(), record.validationResults(), record.statusMessage());
    }

    /** Only {@code {id, status}}: the answer to {@code GET /integrations/{id}/status}. */
    public static IntegrationStatusView statusOnly(IntegrationRecord record) {
        return new IntegrationStatusView(record.idText(), record.status(), null, null);
    }

    /** The whole integration with its redacted config: the answer to GET. */
    public static IntegrationView full(IntegrationRecord record) {
        return new IntegrationView(record.idText(), record.status(), record.databaseMode(), record.validationResults(), record.statusMessage(),
                record.spec().type(), record.spec().autoBootstrap(), record.spec().config().redacted(),
                record.providerStatus(), record.providerErrors(), record.providerCreateTime(), record.providerArn(),
                record.spec().type() == IntegrationType.REDSHIFT ? record.supportObjectsVersion() : null,
                record.lastCheckedAt(), record.nextCheckAt());
    }
}
