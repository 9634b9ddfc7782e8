package dev.tributary.status.persistence;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The document cache's bound ({@code tributary.view-cache.*}). */
@ConfigMapping(prefix = "tributary.view-cache")
public interface ViewCacheConfig {

    /**
     * How much one instance keeps of integrations' documents, by the bytes of their JSON (UTF-8), as 33554432 or 32M;
     * past it the least useful ones are dropped. 0 turns the cache off.
     */
    @WithDefault("32M")
    MemorySize maxBytes();
}
