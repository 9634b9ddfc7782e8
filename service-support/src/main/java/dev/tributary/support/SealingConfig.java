package dev.tributary.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Where the sealing key ring comes from ({@link SealerProducer} makes the sealer from it). */
@ConfigMapping(prefix = "tributary.sealing")
public interface SealingConfig {

    /**
     * The key ring that seals secrets: entries id:key (the key is base64 of 32 random bytes, the id names it in every
     * value it seals) separated by commas or new lines; the first entry seals, every entry opens what it sealed. One
     * bare base64 key, the form of earlier releases, is a ring of that key. The gateway and the workers must have the
     * same ring. Unset, the ring comes from the key file.
     */
    Optional<String> key();

    /**
     * Without a configured ring: the file it is read from (the same entries, one a line), generated with one fresh key
     * on first start by whichever service comes first; ./tributary rotate-sealing-key rotates it.
     */
    @WithDefault(".tributary/sealing.key")
    String keyFile();
}
