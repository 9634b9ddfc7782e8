package dev.tributary.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/**
 * A table registered as a data source (schema: Flyway's V8). Inserted by one conditional statement (the partial
 * unique indexes decide duplicates); changed only under a row lock, by {@link DataSourceRepository}, and read as
 * {@link DataSourceRecord} projections.
 */
@Entity
@Table(name = "data_source")
class DataSource {
    /** BIGSERIAL, given by the database inside the conditional insert. */
    @Id
    Long id;

    @Column(name = "integration_id")
    long integrationId;

    /** The table's database in multi-database mode; null when it is the managed database itself. */
    String database;

    @Column(name = "schema_name")
    String schemaName;

    @Column(name = "table_name")
    String tableName;

    @Column(name = "view_schema")
    String viewSchema;

    @Column(name = "view_name")
    String viewName;

    @Convert(converter = Columns.DataSourceState.class)
    DataSourceStatus status;

    String message;

    /** Raised with every change of what the view should be; an outcome of another revision changes nothing. */
    long revision;

    /** The table's columns in their catalog order, as a worker read them; empty until then. */
    @Convert(converter = Columns.Names.class)
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> columns;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    DataSourceRecord record() {
        return new DataSourceRecord(id, integrationId, database, schemaName, tableName, viewSchema, viewName, status,
                message, revision, columns == null ? List.of() : List.copyOf(columns), updatedAt);
    }
}
