package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** The non-secret configuration of a governance integration with a Redshift cluster. */
public record RedshiftConfig(
        String host,
        int port,
        String database,
        String initialDatabase,
        Impersonation impersonation,
        AuthenticationType authenticationType,
        OktaSettings okta) implements IntegrationConfig {

    public static final int DEFAULT_PORT = 5439;
    public static final String REDACTED = "<REDACTED>";

    @Override
    public String targetKey() {
        return host.toLowerCase(Locale.ROOT);
    }

    @Override
    public String targetDescription() {
        return "host " + host;
    }

    /** The account that Tributary creates for itself in the managed database. */
    public String systemAccount() {
        return database + "_system";
    }

    public boolean impersonationEnabled() {
        return impersonation != null && impersonation.enabled();
    }

    public String impersonationRole() {
        return impersonation != null && impersonation.role() != null ? impersonation.role() : Impersonation.DEFAULT_ROLE;
    }

    @Override
    public ObjectNode redactedView() {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("host", host);
        view.put("database", database);
        view.put("initialDatabase", initialDatabase);
        view.put("port", port);
        ObjectNode impersonationView = view.putObject("impersonation");
        impersonationView.put("enabled", impersonationEnabled());
        if (impersonationEnabled()) {
            impersonationView.put("role", impersonationRole());
        }
        view.put("authenticationType", authenticationType.wireName());
        if (authenticationType == AuthenticationType.OKTA) {
            ObjectNode oktaView = view.putObject("okta");
            oktaView.put("username", REDACTED);
            oktaView.put("appId", okta.appId());
            oktaView.put("idpHost", okta.idpHost());
            oktaView.put("role", okta.role());
        } else {
            view.put("username", REDACTED);
            view.put("password", REDACTED);
        }
        return view;
    }
}
