package dev.tributary.support.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tributary.contracts.Json;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages a service has consumed (table {@code processed_message}, created by each service's own migration),
 * with what handling them published, so that a redelivered message changes nothing. Each method joins the caller's
 * transaction, or runs in one of its own when there is none.
 *
 * <p>Recorded outputs keep no sealed value: each one is replaced by a reference into {@code processed_message_secret}
 * (created by the migrations of the services that record outputs), and those rows are deleted as soon as the broker
 * has the records ({@link #forgetSealedValues}). A crash in between republishes them whole; after it, a republish
 * carries the references only, which is harmless, because the broker already holds the original records under the
 * same ids, ahead of the copies, and every consumer drops a repeated id.
 */
@ApplicationScoped
@Transactional
@DatabaseFailures
public class ProcessedMessages implements PanacheRepositoryBase<ProcessedMessage, UUID> {
    private static final TypeReference<List<Outgoing>> OUTPUTS = new TypeReference<>() {
    };
    /** A sealed value as a JSON string inside a record's value (base64 and key ids hold no quote or backslash). */
    private static final Pattern SEALED = Pattern.compile("\"(sealed:[^\"\\\\]+)\"");
    private static final Pattern REFERENCE = Pattern.compile("\"sealed-ref:(\\d+)\"");
    /** Found out on the first pruning; the schema does not change while the service runs. */
    private volatile Boolean hasSecretTable;

    /** Records {@code messageId}; false if it was already recorded. */
    public boolean add(UUID messageId) {
        return insert(messageId, null);
    }

    /**
     * Records {@code messageId} as handled, with the records its handling publishes; false if it had been recorded
     * already (then those records are the outcome, not these).
     */
    public boolean complete(UUID messageId, List<Outgoing> outputs) {
        List<String> sealedValues = new ArrayList<>();
        List<Outgoing> referencing = outputs.stream().map(out -> new Outgoing(out.topic(), out.key(), out.headers(),
                replace(SEALED, out.value(), sealed -> {
                    sealedValues.add(sealed);
                    return "\"sealed-ref:" + (sealedValues.size() - 1) + "\"";
                }))).toList();
        if (!insert(messageId, Json.write(referencing))) {
            return false;
        }
        for (int position = 0; position < sealedValues.size(); position++) {
            getSession().createNativeMutationQuery("INSERT INTO processed_message_secret (message_id, position, sealed_value)"
                            + " VALUES (?1, ?2, ?3)")
                    .setParameter(1, messageId, UUID.class)
                    .setParameter(2, position, Integer.class)
                    .setParameter(3, sealedValues.get(position), String.class)
                    .executeUpdate();
        }
        return true;
    }

    /** What handling {@code messageId} published, if it was handled before, with its sealed values while kept. */
    public Optional<List<Outgoing>> outputsOf(UUID messageId) {
        return findByIdOptional(messageId).map(message -> {
            if (message.outputs == null) {
                return List.of();
            }
            List<Outgoing> recorded = Json.MAPPER.convertValue(Json.read(message.outputs), OUTPUTS);
            // looked for in each record's own value: in the column's JSON the references are escaped strings
            if (recorded.stream().noneMatch(out -> out.value() != null && REFERENCE.matcher(out.value()).find())) {
                return recorded;
            }
            List<String> sealedValues = sealedValuesOf(messageId);
            return recorded.stream().map(out -> new Outgoing(out.topic(), out.key(), out.headers(),
                    replace(REFERENCE, out.value(), position -> {
                        int index = Integer.parseInt(position);
                        return index < sealedValues.size() ? "\"" + sealedValues.get(index) + "\"" : "\"sealed-ref:" + index + "\"";
                    }))).toList();
        });
    }

    /** Deletes the sealed values kept for a republish of {@code messageId}'s outputs. */
    public void forgetSealedValues(UUID messageId) {
        getSession().createNativeMutationQuery("DELETE FROM processed_message_secret WHERE message_id = ?1")
                .setParameter(1, messageId, UUID.class)
                .executeUpdate();
    }

    /**
     * Deletes up to {@code limit} of the oldest rows recorded before {@code before}, their kept sealed values first
     * (those reference them); how many it deleted. The batch is chosen with {@code FOR UPDATE SKIP LOCKED} (native: JPQL
     * has neither it nor a limit in a sub-select), so two instances pruning at once take different rows.
     */
    public int deleteRecordedBefore(Instant before, int limit) {
        List<UUID> batch = getSession().createNativeQuery("SELECT message_id FROM processed_message WHERE processed_at < ?1"
                        + " ORDER BY processed_at LIMIT ?2 FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, before, Instant.class)
                .setParameter(2, limit, Integer.class)
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        if (keepsSealedValues()) {
            getSession().createNativeMutationQuery("DELETE FROM processed_message_secret WHERE message_id IN (?1)")
                    .setParameterList(1, batch, UUID.class)
                    .executeUpdate();
        }
        return getSession().createNativeMutationQuery("DELETE FROM processed_message WHERE message_id IN (?1)")
                .setParameterList(1, batch, UUID.class)
                .executeUpdate();
    }

    /** Whether this service's schema has processed_message_secret: the gateway records no outputs and has none. */
    private boolean keepsSealedValues() {
        Boolean known = hasSecretTable;
        if (known == null) {
            known = (Boolean) getSession().createNativeQuery("SELECT to_regclass('processed_message_secret') IS NOT NULL", Boolean.class)
                    .getSingleResult();
            hasSecretTable = known;
        }
        return known;
    }

    private List<String> sealedValuesOf(UUID messageId) {
        List<String> values = new ArrayList<>();
        for (Object value : getSession().createNativeQuery("SELECT sealed_value FROM processed_message_secret"
                        + " WHERE message_id = ?1 ORDER BY position")
                .setParameter(1, messageId, UUID.class)
                .getResultList()) {
            values.add((String) value);
        }
        return values;
    }

    private static String replace(Pattern pattern, String text, UnaryOperator<String> replacement) {
        if (text == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * The database decides whether the id is new ({@code ON CONFLICT DO NOTHING}, which JPQL lacks): a persist would
     * fail a second delivery's transaction instead, and a look-up first could race another instance.
     */
    private boolean insert(UUID messageId, String outputs) {
        return getSession()
                .createNativeMutationQuery("INSERT INTO processed_message (message_id, outputs) VALUES (?1, cast(?2 as jsonb))"
                        + " ON CONFLICT DO NOTHING")
                .setParameter(1, messageId, UUID.class)
                .setParameter(2, outputs, String.class) // typed, so that a null binds as text
                .executeUpdate() == 1;
    }
}
