package dev.tributary.sandbox.okta;

import dev.tributary.sandbox.aws.AwsFault;
import dev.tributary.sandbox.aws.JsonProtocol;
import dev.tributary.sandbox.aws.QueryProtocol;
import com.sun.net.httpserver.HttpsServer;
import dev.tributary.sandbox.redshift.RedshiftTargetActions;
import dev.tributary.sandbox.redshift.RedshiftTargets;
import dev.tributary.sandbox.redshift.ServerlessActions;
import dev.tributary.sandbox.tls.StandInTls;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.IamLogins;

import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Amazon Redshift API, over HTTPS: for Okta sign-ins its {@code GetClusterCredentials}, in the
 * Query protocol, and for zero-ETL targets the management actions of the Redshift API (Query protocol,
 * {@link RedshiftTargetActions}) and of the Redshift Serverless API (JSON 1.1 protocol, told apart by its
 * {@code X-Amz-Target} header; {@link ServerlessActions}) on the {@link RedshiftTargets} it knows.
 * <p>Sign-ins: the Redshift driver calls {@code GetClusterCredentials} through the AWS SDK for Java v1 with the
 * temporary credentials from STS. Before it, the driver asks {@code DescribeCustomDomainAssociations} which cluster a
 * host that is not a Redshift host name belongs to; this stand-in answers that every host is a custom domain of its
 * one cluster ({@code clusterId}).
 * <p>These two count only when signed with credentials the STS stand-in issued and that have not expired (the access
 * key of the SigV4 {@code Credential} and the {@code X-Amz-Security-Token}; the signature itself is not recomputed):
 * {@code InvalidClientTokenId} (403) or {@code ExpiredToken} (400) otherwise. GetClusterCredentials then makes a
 * short-lived login in the Redshift stand-in's PostgreSQL: the user is created when missing and {@code AutoCreate}
 * is true (as a superuser when it is one of {@code superusers}, the federated administrators a cluster's owner would
 * have set up), joins each of {@code DbGroups} (a missing group is created, where Redshift expects existing ones), and
 * gets a temporary password that expires with the answer's {@code Expiration} ({@link IamLogins}). The answer's
 * {@code DbUser} is {@code IAM:<user>}, as Redshift's is.
 * <p>Management actions take any SigV4-signed request, as AWS takes any principal it knows, except one signed with
 * credentials the STS stand-in issued that have expired ({@code ExpiredToken}); an unsigned one gets
 * {@code MissingAuthenticationToken} (403). The test control {@code Action=StandInPutTarget}
 * ({@link RedshiftTargetActions#putTarget}) needs no signature.
 */
public final class RedshiftApiStandIn implements Closeable {
    public static final String NAMESPACE = "http://redshift.amazonaws.com/doc/2012-12-01/";
    public static final String DEFAULT_CLUSTER = "sandbox";
    private static final Pattern CREDENTIAL = Pattern.compile("^AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/");
    private static final Pattern DB_USER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_+.@\\-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalPostgres postgres;
    private final IamLogins logins;
    private final StsStandIn sts;
    private final String clusterId;
    private final Set<String> superusers;
    private final RedshiftTargetActions targetActions;
    private final ServerlessActions serverlessActions;
    private HttpsServer server;

    private RedshiftApiStandIn(LocalPostgres postgres, StsStandIn sts, String clusterId, Set<String> superusers,
                               RedshiftTargets targets) {
        this.postgres = postgres;
        this.logins = new IamLogins(postgres);
        this.sts = sts;
        this.clusterId = clusterId;
        this.superusers = superusers;
        this.targetActions = new RedshiftTargetActions(targets);
        this.serverlessActions = new ServerlessActions(targets);
    }

    static RedshiftApiStandIn start(StandInTls tls, String bindAddress, int port, LocalPostgres postgres, StsStandIn sts,
                                    String clusterId, Set<String> superusers) throws IOException {
        RedshiftApiStandIn standIn = new RedshiftApiStandIn(postgres, sts, clusterId, superusers, new RedshiftTargets());
        standIn.server = tls.serve(bindAddress, port, "redshift-api-stand-in", exchange -> {
            if (JsonProtocol.speaks(exchange)) {
                JsonProtocol.handle(exchange, ServerlessActions.SERVICE, (operation, input) -> {
                    standIn.authenticateManagement(exchange.getRequestHeaders().getFirst("Authorization"), "Exception");
                    return standIn.serverlessActions.act(operation, input);
                });
            } else {
                QueryProtocol.handle(exchange, NAMESPACE, standIn::act);
            }
        });
        return standIn;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "https://127.0.0.1:" + port();
    }

    private String act(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        if (action.equals("StandInPutTarget")) {
            return targetActions.putTarget(form);
        }
        if (RedshiftTargetActions.ACTIONS.contains(action)) {
            authenticateManagement(form.get("@Authorization"), "");
            return targetActions.act(action, form);
        }
        StsStandIn.Issued caller = authenticate(form);
        return switch (action) {
            case "GetClusterCredentials" -> getClusterCredentials(form, caller);
            case "DescribeCustomDomainAssociations" -> describeCustomDomainAssociations(form);
            default -> throw new AwsFault("InvalidAction", 400, "The action " + action + " is not valid for this endpoint.");
        };
    }

    private StsStandIn.Issued authenticate(Map<String, String> form) {
        Matcher credential = CREDENTIAL.matcher(form.get("@Authorization"));
        StsStandIn.Issued issued = credential.find() ? sts.credentials(credential.group(1)).orElse(null) : null;
        if (issued == null || !issued.sessionToken().equals(form.get("@X-Amz-Security-Token"))) {
            throw new AwsFault("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
        }
        if (Instant.now().isAfter(issued.expiration())) {
            throw new AwsFault("ExpiredToken", 400, "The security token included in the request is expired");
        }
        return issued;
    }

    /**
     * Any SigV4 signature, but not with expired credentials from the STS stand-in. {@code codeSuffix}: what the
     * protocol's error codes end with ("Exception" in the JSON protocol's, nothing in the Query protocol's).
     */
    private void authenticateManagement(String authorization, String codeSuffix) {
        Matcher credential = CREDENTIAL.matcher(String.valueOf(authorization));
        if (!credential.find()) {
            throw new AwsFault("MissingAuthenticationToken" + codeSuffix, 403, "Request is missing Authentication Token");
        }
        sts.credentials(credential.group(1)).filter(issued -> Instant.now().isAfter(issued.expiration())).ifPresent(expired -> {
            throw new AwsFault("ExpiredToken" + codeSuffix, 400, "The security token included in the request is expired");
        });
    }

    private String describeCustomDomainAssociations(Map<String, String> form) {
        String domain = QueryProtocol.required(form, "CustomDomainName");
        return "<Associations><Association>" + QueryProtocol.element("CustomDomainCertificateArn",
                "arn:aws:acm:us-east-1:" + OktaDirectory.ACCOUNT + ":certificate/stand-in")
                + "<CertificateAssociations><CertificateAssociation>" + QueryProtocol.element("CustomDomainName", domain)
                + QueryProtocol.element("ClusterIdentifier", clusterId)
                + "</CertificateAssociation></CertificateAssociations></Association></Associations>";
    }

    private String getClusterCredentials(Map<String, String> form, StsStandIn.Issued caller) {
        String dbUser = QueryProtocol.required(form, "DbUser");
        if (!DB_USER.matcher(dbUser).matches()) {
            throw new AwsFault("InvalidParameterValue", 400, "DbUser " + dbUser + " is not a valid database user name.");
        }
        String cluster = form.get("ClusterIdentifier");
        if (cluster == null && form.get("CustomDomainName") == null) {
            throw new AwsFault("InvalidParameterCombination", 400, "Either ClusterIdentifier or CustomDomainName must be given.");
        }
        if (cluster != null && !cluster.equals(clusterId)) {
            throw new AwsFault("ClusterNotFound", 404, "Cluster " + cluster + " not found.");
        }
        int duration = duration(form.get("DurationSeconds"));
        boolean autoCreate = Boolean.parseBoolean(form.get("AutoCreate"));
        List<String> groups = form.entrySet().stream().filter(entry -> entry.getKey().startsWith("DbGroups."))
                .map(Map.Entry::getValue).filter(group -> !group.isBlank()).toList();
        String password = randomPassword();
        Instant expiration = Instant.now().plusSeconds(duration).truncatedTo(ChronoUnit.MILLIS);
        try {
            prepareUser(dbUser, autoCreate, groups);
            logins.grant(dbUser, password, expiration);
        } catch (SQLException e) {
            throw new AwsFault("InternalFailure", 500, "The stand-in could not prepare the login: " + e.getMessage());
        }
        return QueryProtocol.element("DbUser", IamLogins.PREFIX + dbUser) + QueryProtocol.element("Expiration", expiration.toString())
                + QueryProtocol.element("DbPassword", password);
    }

    private void prepareUser(String dbUser, boolean autoCreate, List<String> groups) throws SQLException {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            if (!roleExists(connection, dbUser)) {
                if (!autoCreate) {
                    return; // as on Redshift: the answer comes, the sign-in fails for want of the user
                }
                try {
                    statement.execute("CREATE ROLE " + quote(dbUser) + " LOGIN" + (superusers.contains(dbUser) ? " SUPERUSER" : ""));
                } catch (SQLException e) {
                    if (!"42710".equals(e.getSQLState())) { // created meanwhile by a parallel sign-in
                        throw e;
                    }
                }
            }
            for (String group : groups) {
                if (!roleExists(connection, group)) {
                    try {
                        statement.execute("CREATE ROLE " + quote(group) + " NOLOGIN");
                    } catch (SQLException e) {
                        if (!"42710".equals(e.getSQLState())) {
                            throw e;
                        }
                    }
                }
                statement.execute("GRANT " + quote(group) + " TO " + quote(dbUser));
            }
        }
    }

    private static boolean roleExists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static int duration(String value) {
        if (value == null || value.isEmpty()) {
            return 900;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 900 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new AwsFault("InvalidParameterValue", 400, "DurationSeconds must be between 900 and 3600.");
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String randomPassword() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
