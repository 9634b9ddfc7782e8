package dev.tributary.contracts.redshift;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
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
        assertFalse(properties.containsKey("ssl"), "the driver's default: TLS with the certificate checked");
        assertFalse(properties.containsKey("sslfactory"));
        assertFalse(properties.containsKey("ssl_insecure"));
        for (String hop : new String[]{"StsEndpointUrl", "EndpointUrl", "Region", "ClusterID"}) {
            assertFalse(properties.containsKey(hop), "a real deployment lets the driver find " + hop);
        }
    }

    @Test
    void theDeploymentsOktaSettingsPointEachHopElsewhereAndAPlainRoleNameBecomesAnArn() {
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.OKTA, new OktaSettings("Okta", "127.0.0.1", "admin"));
        OktaDeployment sandbox = new OktaDeployment("https://127.0.0.1:8444", "https://127.0.0.1:8445", "us-east-1",
                "sandbox", 8443, "123456789012", true);
        Properties properties = RedshiftConnections.properties(config, new Credentials("taylor@redshift.com", "abc1234"),
                Duration.ofSeconds(10), Duration.ofMinutes(5), false, sandbox);
        assertEquals("127.0.0.1:8443", properties.getProperty("idp_host"));
        assertEquals("arn:aws:iam::123456789012:role/admin", properties.getProperty("preferred_role"));
        assertEquals("https://127.0.0.1:8444", properties.getProperty("StsEndpointUrl"));
        assertEquals("https://127.0.0.1:8445", properties.getProperty("EndpointUrl"));
        assertEquals("us-east-1", properties.getProperty("Region"));
        assertEquals("sandbox", properties.getProperty("ClusterID"));
        assertEquals("true", properties.getProperty("ssl_insecure"));
        // the driver refuses IAM without TLS: "ssl off" is TLS without certificate checks
        assertFalse(properties.containsKey("ssl"));
        assertEquals("com.amazon.redshift.ssl.NonValidatingFactory", properties.getProperty("sslfactory"));
    }

    @Test
    void anIdpHostWithItsOwnPortAndARoleArnAreTakenAsGiven() {
        OktaDeployment deployment = new OktaDeployment(null, null, null, null, 8443, "123456789012", false);
        assertEquals("idp.example.com:9443", deployment.idpHost("idp.example.com:9443"));
        assertEquals("arn:aws:iam::999999999999:role/x", deployment.preferredRole("arn:aws:iam::999999999999:role/x"));
        assertEquals("admin", OktaDeployment.DEFAULTS.preferredRole("admin"));
    }

    @Test
    void anAutomaticSetupsSystemAccountSignsInWithItsPasswordEvenAfterAnOktaSetupAndAManualOneKeepsOkta() {
        RedshiftConfig okta = new RedshiftConfig("127.0.0.1", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.OKTA, new OktaSettings("Okta", "127.0.0.1", "admin"));
        RedshiftConfig automatic = new IntegrationSpec(IntegrationType.REDSHIFT, true, okta).systemAccountTarget();
        assertEquals(AuthenticationType.USER_PASSWORD, automatic.authenticationType());
        assertEquals("jdbc:redshift://127.0.0.1:5439/immuta", RedshiftConnections.url(automatic, "immuta"));
        assertFalse(RedshiftConnections.properties(automatic, new Credentials("immuta_system", "pw"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), false).containsKey("plugin_name"));
        assertEquals(okta, new IntegrationSpec(IntegrationType.REDSHIFT, false, okta).systemAccountTarget());
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
