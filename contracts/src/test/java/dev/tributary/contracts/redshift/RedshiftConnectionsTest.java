package dev.tributary.contracts.redshift;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.OktaSettings;
import dev.tributary.contracts.payload.RedshiftConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The mapping of a config onto the Redshift JDBC driver's URL and properties, including its Okta plugin. */
class RedshiftConnectionsTest {

    @Test
    void oktaMapsOntoTheDriversOktaPluginOverTheIamUrl() {
        RedshiftConfig config = new RedshiftConfig("cluster.example.com", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.OKTA, new OktaSettings("0oa1b2c3", "organization.okta.com", "arn:aws:iam::123456789012:role/admin"));
        Properties properties = RedshiftConnections.properties(config, new Credentials("taylor@redshift.com", "abc1234"),
                Duration.ofSeconds(10), Duration.ofMinutes(5), true);
        assertEquals("jdbc:redshift:iam://cluster.example.com:5439/dev", RedshiftConnections.url(config, "dev"));
        assertEquals("com.amazon.redshift.plugin.OktaCredentialsProvider", properties.getProperty("plugin_name"));
        assertEquals("taylor@redshift.com", properties.getProperty("user"));
        assertEquals("abc1234", properties.getProperty("password"));
        assertEquals("0oa1b2c3", properties.getProperty("app_id"));
        assertEquals("organization.okta.com", properties.getProperty("idp_host"));
        assertEquals("arn:aws:iam::123456789012:role/admin", properties.getProperty("preferred_role"));
        assertEquals("true", properties.getProperty("ssl"));
    }

    @Test
    void userPasswordUsesThePlainUrlAndNoPlugin() {
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        Properties properties = RedshiftConnections.properties(config, new Credentials("awsuser", "pw"),
                Duration.ofSeconds(10), Duration.ofMinutes(5), false);
        assertEquals("jdbc:redshift://127.0.0.1:5439/immuta", RedshiftConnections.url(config, "immuta"));
        assertFalse(properties.containsKey("plugin_name"));
        assertEquals("false", properties.getProperty("ssl"));
        assertEquals("300", properties.getProperty("socketTimeout"));
    }
}
