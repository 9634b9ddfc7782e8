package dev.tributary.gateway.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.validation.ValidationResults;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Map;

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

    @Converter
    static class TraceHeaders extends JsonDocument<Map<String, String>> {
        TraceHeaders() {
            super(new TypeReference<>() {
            });
        }
    }

    @Converter
    static class Status implements AttributeConverter<IntegrationStatus, String> {
        @Override
        public String convertToDatabaseColumn(IntegrationStatus status) {
            return status == null ? null : status.wireName();
        }

        @Override
        public IntegrationStatus convertToEntityAttribute(String name) {
            return name == null ? null : IntegrationStatus.fromWireName(name);
        }
    }

    @Converter
    static class OperationName implements AttributeConverter<Operation, String> {
        @Override
        public String convertToDatabaseColumn(Operation operation) {
            return operation == null ? null : operation.wireName();
        }

        @Override
        public Operation convertToEntityAttribute(String name) {
            return name == null ? null : Operation.fromWireName(name);
        }
    }
}
