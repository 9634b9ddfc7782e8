package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.sql.SqlIdentifiers;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The payload rules of {@code POST /integrations} and {@code PUT /integrations/{id}}, shared by the
 * REST API and the Kafka front door so that both accept and reject exactly the same bodies.
 */
public final class IntegrationRequestParser {
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** The Okta host, which the driver's Okta plugin takes with a port (its {@code idp_port} it does not read). */
    private static final Pattern IDP_HOST = Pattern.compile(HOST.pattern() + "(:[0-9]{1,5})?");
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_CREDENTIAL_LENGTH = 256;
    /** Leaves room for the "_system" suffix of the system account within PostgreSQL's 63-character limit. */
    public static final int MAX_MANAGED_DATABASE_LENGTH = 56;

    private static final Set<String> TOP_FIELDS = Set.of("type", "autoBootstrap", "config");
    private static final Set<String> REDSHIFT_FIELDS = Set.of("host", "port", "database", "initialDatabase",
            "impersonation", "authenticationType", "username", "password", "okta");
    private static final Set<String> IMPERSONATION_FIELDS = Set.of("enabled", "role");
    private static final Set<String> OKTA_FIELDS = Set.of("username", "password", "appId", "idpHost", "role");

    private IntegrationRequestParser() {
    }

    /** @param secrets how the password fields are read: as sent, or opened when the client sealed them */
    public static IntegrationRequest parse(JsonNode body, SecretValues secrets) {
        RequestReader reader = new RequestReader(secrets);
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(new FieldError("body", "type", "must be a JSON or YAML object"));
        }
        reader.rejectUnknown(body, "", TOP_FIELDS);
        String typeName = reader.string(body, "type", "type", true, 64);
        IntegrationType type = null;
        if (typeName != null) {
            type = IntegrationType.find(typeName).orElse(null);
            if (type == null) {
                reader.fail("type", "enum", "must be one of: " + IntegrationType.wireNames());
            }
        }
        // a zero-ETL integration is always set up by Tributary, so its requests (like RDS's) need not say so
        Boolean autoBootstrap = reader.bool(body, "autoBootstrap", "autoBootstrap", type != IntegrationType.ZERO_ETL);
        JsonNode config = reader.object(body, "config", "config", true);

        if (type == IntegrationType.ZERO_ETL && Boolean.FALSE.equals(autoBootstrap)) {
            reader.fail("autoBootstrap", "value", "must be true: zero-ETL integrations are always set up by Tributary");
        }
        if (type == IntegrationType.ZERO_ETL && autoBootstrap == null) {
            autoBootstrap = Boolean.TRUE;
        }
        IntegrationConfig parsedConfig = null;
        Credentials credentials = null;
        if (config != null && type == IntegrationType.REDSHIFT) {
            RedshiftPart redshift = readRedshift(reader, config, !Boolean.FALSE.equals(autoBootstrap));
            parsedConfig = redshift.config;
            credentials = redshift.credentials;
        } else if (config != null && type == IntegrationType.ZERO_ETL) {
            ZeroEtlRules.Parsed zeroEtl = ZeroEtlRules.read(reader, config);
            parsedConfig = zeroEtl.config();
            credentials = zeroEtl.materializeCredentials();
        }
        if (!reader.errors().isEmpty()) {
            throw new InvalidRequestException(reader.errors());
        }
        return new IntegrationRequest(new IntegrationSpec(type, autoBootstrap, parsedConfig), credentials);
    }

    private record RedshiftPart(RedshiftConfig config, Credentials credentials) {
    }

    /**
     * The privileged credentials in the body of {@code DELETE /integrations/{id}}:
     * {@code {"authenticationType", "username", "password"}} or {@code {"authenticationType": "okta", "okta": {...}}}.
     * Empty when the body is absent or empty.
     */
    public static Optional<Credentials> parseDeleteCredentials(JsonNode body, SecretValues secrets) {
        if (body == null || body.isMissingNode() || body.isNull() || (body.isObject() && body.isEmpty())) {
            return Optional.empty();
        }
        if (!body.isObject()) {
            throw new InvalidRequestException(new FieldError("body", "type", "must be a JSON or YAML object"));
        }
        RequestReader reader = new RequestReader(secrets);
        reader.rejectUnknown(body, "", Set.of("authenticationType", "username", "password", "okta"));
        String authName = reader.string(body, "authenticationType", "authenticationType", true, 64);
        Credentials credentials = null;
        if (authName != null && AuthenticationType.find(authName).isEmpty()) {
            reader.fail("authenticationType", "enum", "must be one of: " + AuthenticationType.wireNames());
        } else if (AuthenticationType.OKTA.wireName().equals(authName)) {
            JsonNode okta = reader.object(body, "okta", "okta", true);
            if (okta != null) {
                credentials = readCredentials(reader, okta, "okta.", true);
            }
        } else if (authName != null) {
            credentials = readCredentials(reader, body, "", true);
        }
        if (!reader.errors().isEmpty()) {
            throw new InvalidRequestException(reader.errors());
        }
        return Optional.of(credentials);
    }

    private static RedshiftPart readRedshift(RequestReader reader, JsonNode config, boolean automatic) {
        reader.rejectUnknown(config, "config.", REDSHIFT_FIELDS);
        String host = reader.matching(config, "host", "config.host", true, MAX_HOST_LENGTH, HOST,
                "must be a host name or IPv4 address (letters, digits, hyphens and dots)");
        Integer port = reader.integer(config, "port", "config.port", 1, 65535);
        String database = identifier(reader, config, "database", "config.database", MAX_MANAGED_DATABASE_LENGTH);
        String initialDatabase = identifier(reader, config, "initialDatabase", "config.initialDatabase",
                SqlIdentifiers.MAX_LENGTH);
        Impersonation impersonation = readImpersonation(reader, config);

        String authName = reader.string(config, "authenticationType", "config.authenticationType", true, 64);
        AuthenticationType authenticationType = null;
        if (authName != null) {
            authenticationType = AuthenticationType.find(authName).orElse(null);
            if (authenticationType == null) {
                reader.fail("config.authenticationType", "enum", "must be one of: " + AuthenticationType.wireNames());
            }
        }
        Credentials credentials = null;
        OktaSettings okta = null;
        if (authenticationType == AuthenticationType.USER_PASSWORD) {
            notAllowed(reader, config, "okta", "config.okta", authName);
            credentials = readCredentials(reader, config, "config.", automatic);
        } else if (authenticationType == AuthenticationType.OKTA) {
            notAllowed(reader, config, "username", "config.username", authName);
            notAllowed(reader, config, "password", "config.password", authName);
            JsonNode oktaNode = reader.object(config, "okta", "config.okta", true);
            if (oktaNode != null) {
                reader.rejectUnknown(oktaNode, "config.okta.", OKTA_FIELDS);
                credentials = readCredentials(reader, oktaNode, "config.okta.", automatic);
                okta = new OktaSettings(
                        reader.string(oktaNode, "appId", "config.okta.appId", true, 256),
                        reader.matching(oktaNode, "idpHost", "config.okta.idpHost", true, MAX_HOST_LENGTH + 6, IDP_HOST,
                                "must be a host name (letters, digits, hyphens and dots), optionally with :port"),
                        reader.string(oktaNode, "role", "config.okta.role", true, 2048));
            }
        }
        RedshiftConfig parsed = new RedshiftConfig(host, port == null ? RedshiftConfig.DEFAULT_PORT : port,
                database, initialDatabase, impersonation, authenticationType, okta);
        return new RedshiftPart(parsed, credentials);
    }

    private static Impersonation readImpersonation(RequestReader reader, JsonNode config) {
        JsonNode node = reader.object(config, "impersonation", "config.impersonation", false);
        if (node == null) {
            return Impersonation.DISABLED;
        }
        reader.rejectUnknown(node, "config.impersonation.", IMPERSONATION_FIELDS);
        Boolean enabled = reader.bool(node, "enabled", "config.impersonation.enabled", true);
        String role = identifier(reader, node, "role", "config.impersonation.role", SqlIdentifiers.MAX_LENGTH, false);
        boolean on = Boolean.TRUE.equals(enabled);
        return new Impersonation(on, on ? (role == null ? Impersonation.DEFAULT_ROLE : role) : null);
    }

    /**
     * Automatic setup logs in with these credentials once, as they are. Manual setup names the system account with
     * them, so the user name must be one Tributary can put into SQL, folded to lower case as Redshift does.
     */
    private static Credentials readCredentials(RequestReader reader, JsonNode node, String prefix, boolean automatic) {
        String username = automatic
                ? reader.string(node, "username", prefix + "username", true, MAX_CREDENTIAL_LENGTH)
                : reader.matching(node, "username", prefix + "username", true, SqlIdentifiers.MAX_LENGTH,
                SqlIdentifiers.USER_NAME, SqlIdentifiers.USER_NAME_RULE);
        String password = reader.secret(node, "password", prefix + "password", true, MAX_CREDENTIAL_LENGTH);
        return new Credentials(automatic || username == null ? username : username.toLowerCase(Locale.ROOT), password);
    }

    private static void notAllowed(RequestReader reader, JsonNode node, String name, String path, String authName) {
        if (node.has(name)) {
            reader.fail(path, "not-allowed", "is not allowed with authenticationType " + authName);
        }
    }

    private static String identifier(RequestReader reader, JsonNode node, String name, String path, int maxLength) {
        return identifier(reader, node, name, path, maxLength, true);
    }

    /** Names are kept as written, so that GET gives back what was sent; {@link SqlIdentifiers} folds them for SQL. */
    private static String identifier(RequestReader reader, JsonNode node, String name, String path, int maxLength,
                                     boolean required) {
        return reader.matching(node, name, path, required, maxLength, SqlIdentifiers.PATTERN, SqlIdentifiers.RULE);
    }
}
