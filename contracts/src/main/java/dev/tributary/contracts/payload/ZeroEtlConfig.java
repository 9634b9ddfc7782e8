package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A zero-ETL integration from an Aurora/RDS source into Redshift, as the RDS CreateIntegration action takes it,
 * plus the region (the one of {@code sourceArn} when the request names none), {@code authorizeTarget}, and an
 * optional {@code materialize} section (the Redshift connection for {@code CREATE DATABASE … FROM INTEGRATION}; its
 * username and password travel as sealed credentials).
 *
 * @param integrationArn  an integration that exists in RDS already and is adopted instead of created; the gateway
 *                        fills the RDS fields from it before the integration is registered. Null for one created here.
 * @param authorizeTarget whether a create first writes the statements this source and account need into the
 *                        target's Redshift resource policy (merged with those there); otherwise a validation test
 *                        checks for them
 */
public record ZeroEtlConfig(
        String integrationName,
        String sourceArn,
        String targetArn,
        String kmsKeyId,
        Map<String, String> additionalEncryptionContext,
        String dataFilter,
        String description,
        List<Tag> tags,
        String region,
        Materialize materialize,
        String integrationArn,
        boolean authorizeTarget) implements IntegrationConfig {

    public ZeroEtlConfig(String integrationName, String sourceArn, String targetArn, String kmsKeyId,
                         Map<String, String> additionalEncryptionContext, String dataFilter, String description,
                         List<Tag> tags, String region, Materialize materialize) {
        this(integrationName, sourceArn, targetArn, kmsKeyId, additionalEncryptionContext, dataFilter, description, tags,
                region, materialize, null, false);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tag(String key, String value) {
    }

    /**
     * Where and as what to materialise the integration in Redshift once it is active, with the options of
     * {@code CREATE DATABASE … FROM INTEGRATION} (null: Redshift's default).
     *
     * @param sourceDatabase  the source's database to replicate ({@code DATABASE} clause); required for PostgreSQL sources
     * @param refreshInterval seconds between refreshes of the replicated data ({@code REFRESH_INTERVAL})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Materialize(String host, int port, String database, String initialDatabase, String sourceDatabase,
                              Boolean acceptInvChars, Boolean truncateColumns, Integer refreshInterval, Boolean historyMode) {

        public Materialize(String host, int port, String database, String initialDatabase, String sourceDatabase) {
            this(host, port, database, initialDatabase, sourceDatabase, null, null, null, null);
        }
    }

    /**
     * The RDS tag that marks an integration as this system's, with the registry id as its value: set when it is
     * created or adopted, never shown as one of the owner's tags.
     */
    public static final String OWNER_TAG = "tributary:integration-id";

    /** The fields ModifyIntegration can change; every other field is fixed once the integration exists. */
    public static final List<String> MODIFIABLE = List.of("integrationName", "dataFilter", "description");


    @Override
    public String targetKey() {
        return sourceArn + " -> " + targetArn;
    }

    @Override
    public String targetDescription() {
        return "source " + sourceArn + " and target " + targetArn;
    }

    /** Whether this config adopts an integration that exists in RDS rather than creating one. */
    public boolean adopts() {
        return integrationArn != null;
    }

    /** This config with the RDS fields of the adopted integration (tags: the owner's, without this system's tag). */
    public ZeroEtlConfig withProviderFields(String name, String source, String target, String kms,
                                            Map<String, String> context, String filter, String text, List<Tag> providerTags) {
        return new ZeroEtlConfig(name, source, target, kms, context == null || context.isEmpty() ? null : context, filter,
                text, providerTags == null || providerTags.isEmpty() ? null : providerTags, region, materialize,
                integrationArn, authorizeTarget);
    }

    /**
     * The config fields (as paths) that differ from {@code other} but may not change on an edit. An adopted
     * integration keeps its {@code integrationArn}: an edit sends the config as it is shown, with it.
     */
    public List<String> fixedFieldsChangedIn(ZeroEtlConfig other) {
        List<String> changed = new ArrayList<>();
        compare(changed, "sourceArn", sourceArn, other.sourceArn);
        compare(changed, "targetArn", targetArn, other.targetArn);
        compare(changed, "kmsKeyId", kmsKeyId, other.kmsKeyId);
        compare(changed, "additionalEncryptionContext", additionalEncryptionContext, other.additionalEncryptionContext);
        compare(changed, "tags", tags, other.tags);
        compare(changed, "region", region, other.region);
        compare(changed, "materialize", materialize, other.materialize);
        compare(changed, "integrationArn", integrationArn, other.integrationArn);
        // authorizeTarget acts once, before the create: an edit may leave it out or set it, it changes nothing
        return changed;
    }

    /**
     * The RDS fields (as paths) a request to adopt names with values other than RDS's ({@code provider}); a field
     * the request leaves out agrees.
     */
    public List<String> disagreementsWith(ZeroEtlConfig provider) {
        List<String> differ = new ArrayList<>();
        READ_FROM_RDS.forEach((field, read) -> {
            Object requested = read.apply(this);
            if (requested != null && !Objects.equals(requested, read.apply(provider))) {
                differ.add(field);
            }
        });
        return differ;
    }

    /** The fields (as paths) an adoption reads from RDS, and how each is read from a config. */
    public static final Map<String, Function<ZeroEtlConfig, Object>> READ_FROM_RDS = readFromRds();

    private static Map<String, Function<ZeroEtlConfig, Object>> readFromRds() {
        Map<String, Function<ZeroEtlConfig, Object>> fields = new LinkedHashMap<>();
        fields.put("config.integrationName", ZeroEtlConfig::integrationName);
        fields.put("config.sourceArn", ZeroEtlConfig::sourceArn);
        fields.put("config.targetArn", ZeroEtlConfig::targetArn);
        fields.put("config.kmsKeyId", ZeroEtlConfig::kmsKeyId);
        fields.put("config.additionalEncryptionContext", ZeroEtlConfig::additionalEncryptionContext);
        fields.put("config.dataFilter", ZeroEtlConfig::dataFilter);
        fields.put("config.description", ZeroEtlConfig::description);
        fields.put("config.tags", ZeroEtlConfig::tags);
        return Collections.unmodifiableMap(fields);
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add("config." + field);
        }
    }

    @Override
    public RedactedZeroEtlConfig redacted() {
        return RedactedZeroEtlConfig.of(this);
    }
}
