package dev.tributary.gateway.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.gateway.persistence.IntegrationRecord;

/** The JSON shapes the API answers with for an integration. */
public final class IntegrationViews {

    private IntegrationViews() {
    }

    /** {@code {id, status, validationResults}}: the answer to create, edit and delete. */
    public static ObjectNode status(IntegrationRecord record) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", record.idText());
        view.put("status", record.status().wireName());
        if (record.validationResults() != null) {
            view.set("validationResults", Json.tree(record.validationResults()));
        }
        if (record.statusMessage() != null) {
            view.put("message", record.statusMessage());
        }
        return view;
    }

    /** The whole integration with its redacted config: the answer to GET. */
    public static ObjectNode full(IntegrationRecord record) {
        ObjectNode view = status(record);
        view.put("type", record.spec().type().wireName());
        view.put("autoBootstrap", record.spec().autoBootstrap());
        view.set("config", record.spec().config().redactedView());
        if (record.providerStatus() != null) {
            view.put("providerStatus", record.providerStatus());
        }
        if (record.providerArn() != null) {
            view.put("integrationArn", record.providerArn());
        }
        return view;
    }
}
