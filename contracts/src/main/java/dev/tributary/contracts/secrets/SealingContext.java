package dev.tributary.contracts.secrets;

import dev.tributary.contracts.payload.IntegrationConfig;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.payload.ZeroEtlConfig;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What a sealed value is for. It is bound into the value as AES-GCM associated data, so the value opens only for the
 * same purpose: copied into another command, another integration, another host or another field, it is refused.
 * Each field binds what it belongs to:
 * <ul>
 *     <li>{@link #COMMAND_CREDENTIALS}, the privileged credentials of an operation's command (or a zero-ETL
 *     materialisation's login): integration, operation and host. They serve that one operation only.</li>
 *     <li>{@link #REVALIDATION_CREDENTIALS}, the system account's credentials in one periodic check: integration, the
 *     check's operation id and host.</li>
 *     <li>{@link #SYSTEM_ACCOUNT_PASSWORD}, the system account's password: integration and host, no operation. It is
 *     made by one operation but kept in the registry and used by every later check and edit script, so binding it
 *     to the operation that made it would tie every later use to an operation that is long over.</li>
 * </ul>
 * The host is the one the credentials log in to, in lower case (host names are not case-sensitive, and an edit cannot
 * change it); it is absent only for credentials that name no host.
 *
 * @param operationId null for a value that outlives operations
 * @param host        null when the credentials name no host
 */
public record SealingContext(String field, String integrationId, UUID operationId, String host) {
    public static final String COMMAND_CREDENTIALS = "command.credentials";
    public static final String REVALIDATION_CREDENTIALS = "revalidation.credentials";
    public static final String SYSTEM_ACCOUNT_PASSWORD = "system-account.password";
    /** Names the encoding below, so that a later encoding can never produce the same bytes for another context. */
    private static final String ENCODING = "tributary/sealing-context/1";

    public SealingContext {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(integrationId, "integrationId");
        host = host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    /** The credentials a command brings for its operation. */
    public static SealingContext commandCredentials(String integrationId, UUID operationId, IntegrationSpec spec) {
        return new SealingContext(COMMAND_CREDENTIALS, integrationId, Objects.requireNonNull(operationId, "operationId"),
                hostOf(spec));
    }

    /** The system account's credentials in one periodic check. */
    public static SealingContext revalidationCredentials(String integrationId, UUID operationId, IntegrationSpec spec) {
        return new SealingContext(REVALIDATION_CREDENTIALS, integrationId, Objects.requireNonNull(operationId, "operationId"),
                hostOf(spec));
    }

    /** The system account's password, for as long as the integration has it. */
    public static SealingContext systemAccountPassword(String integrationId, IntegrationSpec spec) {
        return new SealingContext(SYSTEM_ACCOUNT_PASSWORD, integrationId, null, hostOf(spec));
    }

    /** The host the integration's credentials log in to: the cluster, or a zero-ETL integration's materialisation. */
    private static String hostOf(IntegrationSpec spec) {
        IntegrationConfig config = spec.config();
        if (config instanceof RedshiftConfig redshift) {
            return redshift.host();
        }
        ZeroEtlConfig.Materialize materialize = ((ZeroEtlConfig) config).materialize();
        return materialize == null ? null : materialize.host();
    }

    /**
     * The associated data: each part as its length (-1 for an absent one) and its UTF-8 bytes, in a fixed order. With
     * the lengths, no two contexts encode alike, whatever characters their parts hold.
     */
    byte[] associatedData() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String part : new String[]{ENCODING, field, integrationId,
                    operationId == null ? null : operationId.toString(), host}) {
                if (part == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
