package dev.tributary.sandbox.okta;

import dev.tributary.sandbox.tls.StandInTls;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unmodified Redshift JDBC driver and its own Okta plugin against the three stand-ins: Okta, STS and the Redshift
 * API, landing in the Redshift stand-in's PostgreSQL as the assertion's DbUser with its groups.
 */
class OktaSignInTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final String APP = "0oaSignInTest";
    private static RedshiftStandIn redshift;
    private static FederationStandIns federation;

    @BeforeAll
    static void start() throws Exception {
        // what tributary.redshift.okta.ssl-insecure sets for the driver's AWS clients: the stand-ins' certificate is self-signed
        System.setProperty("com.amazonaws.sdk.disableCertChecking", "true");
        redshift = RedshiftStandIn.start(POSTGRES, 0, RedshiftStandIn.DEFAULT_PASSWORD);
        federation = FederationStandIns.start("127.0.0.1", 0, 0, 0, new OktaDirectory()
                        .user("alice@example.com", "Alice-Passw0rd", "okta_alice", "okta_analysts", "okta_readers")
                        .app(APP, "reader", "writer"),
                POSTGRES, Set.of());
    }

    @AfterAll
    static void stop() throws Exception {
        federation.close();
        redshift.close();
        POSTGRES.dropRole("okta_alice");
        POSTGRES.dropRole("okta_analysts");
        POSTGRES.dropRole("okta_readers");
    }

    private Connection signIn(String password, String appId, String role) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("plugin_name", "com.amazon.redshift.plugin.OktaCredentialsProvider");
        properties.setProperty("user", "alice@example.com");
        properties.setProperty("password", password);
        properties.setProperty("idp_host", federation.idpHost());
        properties.setProperty("app_id", appId);
        properties.setProperty("preferred_role", OktaDirectory.roleArn(role));
        properties.setProperty("ssl_insecure", "true");
        properties.setProperty("StsEndpointUrl", federation.stsEndpoint());
        properties.setProperty("EndpointUrl", federation.redshiftApiEndpoint());
        properties.setProperty("Region", "us-east-1");
        // the driver requires TLS for IAM sign-ins; the stand-in's certificate is self-signed
        properties.setProperty("sslfactory", "com.amazon.redshift.ssl.NonValidatingFactory");
        properties.setProperty("loginTimeout", "20");
        return DriverManager.getConnection("jdbc:redshift:iam://127.0.0.1:" + redshift.port() + "/dev", properties);
    }

    @Test
    void theDriversOktaPluginSignsInAsTheAssertionsDbUserWithItsGroups() throws Exception {
        try (Connection connection = signIn("Alice-Passw0rd", APP, "writer");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_user")) {
            assertTrue(rows.next());
            assertEquals("okta_alice", rows.getString(1));
        }
        try (Connection admin = POSTGRES.connect("postgres");
             PreparedStatement groups = admin.prepareStatement("SELECT g.rolname FROM pg_auth_members m"
                     + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ? ORDER BY 1")) {
            groups.setString(1, "okta_alice");
            try (ResultSet rows = groups.executeQuery()) {
                assertTrue(rows.next());
                assertEquals("okta_analysts", rows.getString(1));
                assertTrue(rows.next());
                assertEquals("okta_readers", rows.getString(1));
            }
        }
    }

    @Test
    void aTemporaryPasswordSignsInOnlyWithTheIamPrefixAndTheRolesOwnPasswordStillDoesNot() throws Exception {
        try (Connection ignored = signIn("Alice-Passw0rd", APP, "reader")) {
            // the user exists now, made by AutoCreate, with no password of its own
        }
        Properties plain = new Properties();
        plain.setProperty("user", "okta_alice");
        plain.setProperty("password", "");
        plain.setProperty("ssl", "false");
        SQLException e = assertThrows(SQLException.class, () ->
                DriverManager.getConnection("jdbc:redshift://127.0.0.1:" + redshift.port() + "/dev", plain).close());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    }

    @Test
    void aWrongOktaPasswordFailsAtTheIdp() {
        SQLException e = assertThrows(SQLException.class, () -> signIn("wrong", APP, "reader").close());
        assertTrue(causes(e).contains("Unauthorized"), causes(e));
    }

    @Test
    void anUnknownAppFailsWithOktasNotFound() {
        SQLException e = assertThrows(SQLException.class, () -> signIn("Alice-Passw0rd", "0oaNoSuchApp", "reader").close());
        assertTrue(causes(e).contains("HTTP error code : 404"), causes(e));
    }

    @Test
    void aRoleTheAssertionDoesNotCarryIsRefusedByThePlugin() {
        SQLException e = assertThrows(SQLException.class, () -> signIn("Alice-Passw0rd", APP, "admin").close());
        assertTrue(causes(e).contains("Preferred role not found"), causes(e));
    }

    @Test
    void stsRefusesARoleTheAssertionDoesNotCarryAndAnAssertionItsIdpDidNotIssue() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(StandInTls.trustingAnyCertificate()).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(federation.stsEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn="
                        + OktaDirectory.roleArn("admin") + "&PrincipalArn=" + OktaDirectory.SAML_PROVIDER
                        + "&SAMLAssertion=PHNhbWw%2BPC9zYW1sPg%3D%3D")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("<Code>InvalidIdentityToken</Code>"), answer.body());
    }

    @Test
    void theRedshiftApiRefusesCredentialsThatStsDidNotIssue() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(StandInTls.trustingAnyCertificate()).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(federation.redshiftApiEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAFORGED0000000000/20260101/us-east-1/redshift/aws4_request")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetClusterCredentials&Version=2012-12-01&DbUser=okta_alice"
                        + "&ClusterIdentifier=sandbox")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, answer.statusCode());
        assertTrue(answer.body().contains("<Code>InvalidClientTokenId</Code>"), answer.body());
    }

    /** The driver wraps a plugin's failure: its messages down the cause chain. */
    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            messages.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
