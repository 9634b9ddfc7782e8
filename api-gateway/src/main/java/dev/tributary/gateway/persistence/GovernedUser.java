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
import java.util.Map;

/**
 * A user's entitlements (schema: Flyway's V8), by the name the targets' catalogs hold. Written by one upsert and
 * one conditional update ({@link GovernedUserRepository}); a deleted user stays as a tombstone.
 */
@Entity
@Table(name = "governed_user")
class GovernedUser {
    /** The database user name as the catalog holds it ({@code SqlIdentifiers.catalogName}). */
    @Id
    @Column(name = "user_name")
    String userName;

    /** The name as {@code PUT /users/{userName}} wrote it, for answers and for the targets' rows. */
    @Column(name = "written_name")
    String writtenName;

    @Convert(converter = Columns.Attributes.class)
    @JdbcTypeCode(SqlTypes.JSON)
    Map<String, List<String>> attributes;

    @Convert(converter = Columns.Names.class)
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> groups;

    /** Raised by every change, deletes included; a worker never applies an older revision after a newer one. */
    long revision;

    /** Set when the user was deleted; null while the user is live. */
    @Column(name = "deleted_at")
    Instant deletedAt;
}
