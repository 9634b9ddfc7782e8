package dev.tributary.status.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One API key as the gateway last published it: its hash only, never the key. A revoked key stays, marked. */
@Entity
@Table(name = "api_key")
public class ApiKey {
    @Id
    @Column(name = "key_hash")
    public String keyHash;

    public String name;

    /** A PostgreSQL {@code text[]}; Hibernate maps a Java array to the database's own array type. */
    public String[] permissions;

    public boolean revoked;

    /** When the gateway made the change; a change older than the stored one is history. */
    @Column(name = "changed_at")
    public Instant changedAt;
}
