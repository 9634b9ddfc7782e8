package dev.tributary.gateway.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.payload.DatabaseMode;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How the gateway's column values are stored. Documents go through {@link Json}, the one JSON configuration every
 * service reads and writes (the columns carry {@code @JdbcTypeCode(SqlTypes.JSON)}, so Hibernate binds that text as
 * jsonb without parsing it again); statuses and operations are stored by their wire names.
 */
final class Columns {
    private Columns() {
    }

    abstract static class JsonDocument<T> implements AttributeConverter<T, String> {
        private final JavaType type;

        JsonDocument(TypeReference<T> type) {
            this.type = Json.MAPPER.getTypeFactory().constructType(type);
        }

        @Override
        public String convertToDatabaseColumn(T value) {
            return value == null ? null : Json.write(value);
        }

        @Override
        public T convertToEntityAttribute(String json) {
            return json == null ? null : Json.MAPPER.convertValue(Json.read(json), type);
        }
    }

    @Converter
    static class Spec extends JsonDocument<IntegrationSpec> {
        Spec() {
            super(new TypeReference<>() {
            });
        }
    }

    @Converter
    static class Validation extends JsonDocument<ValidationResults> {
        Validation() {
            super(new TypeReference<>() {
            });
        }
    }

    /** The {@code Errors} RDS reports on a zero-ETL integration, as {@code [{code, message}]}. */
    @Converter
    static class ProviderErrors extends JsonDocument<List<ProviderError>> {
        ProviderErrors() {
            super(new TypeReference<>() {
            });
        }
    }

    @Converter
    static class TraceHeaders extends JsonDocument<Map<String, String>> {
        TraceHeaders() {
            super(new TypeReference<>() {
            });
        }
    }

    /** Names in order: a table's columns, a user's groups. */
    @Converter
    static class Names extends JsonDocument<List<String>> {
        Names() {
            super(new TypeReference<>() {
            });
        }
    }

    /** A user's attributes and their values. */
    @Converter
    static class Attributes extends JsonDocument<Map<String, List<String>>> {
        Attributes() {
            super(new TypeReference<>() {
            });
        }
    }

    /**
     * A policy's rules. Written for their declared type, so that each rule keeps its {@code type} (a list written as
     * a plain value would leave the element type to chance).
     */
    @Converter
    static class Rules extends JsonDocument<List<PolicyRule>> {
        private static final TypeReference<List<PolicyRule>> TYPE = new TypeReference<>() {
        };

        Rules() {
            super(TYPE);
        }

        @Override
        public String convertToDatabaseColumn(List<PolicyRule> rules) {
            return rules == null ? null : write(rules);
        }

        static String write(List<PolicyRule> rules) {
            try {
                return Json.MAPPER.writerFor(TYPE).writeValueAsString(rules);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise policy rules", e);
            }
        }
    }

    /** An enum stored by its wire name, the same text the API and the messages use. */
    abstract static class WireName<E> implements AttributeConverter<E, String> {
        private final Function<E, String> name;
        private final Function<String, E> parse;

        WireName(Function<E, String> name, Function<String, E> parse) {
            this.name = name;
            this.parse = parse;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : name.apply(value);
        }

        @Override
        public E convertToEntityAttribute(String wireName) {
            return wireName == null ? null : parse.apply(wireName);
        }
    }

    @Converter
    static class Status extends WireName<IntegrationStatus> {
        Status() {
            super(IntegrationStatus::wireName, IntegrationStatus::fromWireName);
        }
    }

    @Converter
    static class Mode extends WireName<DatabaseMode> {
        Mode() {
            super(DatabaseMode::wireName, DatabaseMode::fromWireName);
        }
    }

    @Converter
    static class DataSourceState extends WireName<DataSourceStatus> {
        DataSourceState() {
            super(DataSourceStatus::wireName, DataSourceStatus::fromWireName);
        }
    }

    @Converter
    static class OperationName extends WireName<Operation> {
        OperationName() {
            super(Operation::wireName, Operation::fromWireName);
        }
    }
}
