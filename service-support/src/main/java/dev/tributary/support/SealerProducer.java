package dev.tributary.support;

import dev.tributary.contracts.secrets.SealingKeyRing;
import dev.tributary.contracts.secrets.SealingKeys;
import dev.tributary.contracts.secrets.SecretSealer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** The sealer for secrets, with the ring of {@link SealingConfig}. */
public class SealerProducer {
    private static final Logger LOG = Logger.getLogger(SealerProducer.class);

    @Produces
    @Singleton
    SecretSealer sealer(SealingConfig config, MeterRegistry registry) {
        SealingKeyRing ring = SealingKeys.ring(config.key(), Path.of(config.keyFile()));
        LOG.infof("sealing with key %s; keys that open: %s", ring.primaryId(), String.join(", ", ring.ids()));
        Counter legacy = Counter.builder("tributary.sealing.legacy.opened")
                .description("Values sealed in the v1 format (no key id, bound to no purpose) that were opened")
                .register(registry);
        AtomicBoolean told = new AtomicBoolean();
        return new SecretSealer(ring, () -> {
            legacy.increment();
            // once: operators need to learn that such values exist, not read a line per value
            if (told.compareAndSet(false, true)) {
                LOG.warn("opened a value sealed in the v1 format, which names no key and is bound to no purpose;"
                        + " v1 values open for one more release only: re-seal the stored ones (POST /admin/reseal on the"
                        + " gateway, see docs/operations.md); tributary_sealing_legacy_opened_total counts them");
            }
        });
    }
}
