package dev.tributary.support.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * A service's Kafka {@link Admin} client, configured from the {@code kafka.*} settings as Quarkus' own admin client
 * (the one behind its Kafka health check) is: the {@code default-kafka-broker} configuration, less what is no admin
 * setting. So the brokers, TLS and SASL settings of the channels apply to it too. Quarkus' client can neither delete
 * records (the gateway's purge of credential topics) nor list end offsets (the validation-worker's check backlog),
 * hence a client of our own; it is created only in a service that injects it.
 */
public class KafkaAdmin {

    @Produces
    @Singleton
    Admin admin(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                config.put(name, value.toString());
            }
        });
        return Admin.create(config);
    }

    void close(@Disposes Admin admin) {
        admin.close();
    }
}
