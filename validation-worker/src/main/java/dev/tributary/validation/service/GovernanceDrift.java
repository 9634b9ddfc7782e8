package dev.tributary.validation.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernanceState;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The periodic check of governed data: whether the target still holds what the gateway says it should (every user's
 * profile, every data source's view), so that a view changed or dropped by hand is found and put back.
 *
 * <p>A view is compared by its definition as the engine keeps it, never by SQL text this service would have to
 * render the way the engine does: in one transaction that is always rolled back, the actual definition is read, the
 * view is built as it should be, its definition read again, and the transaction rolled back. Equal definitions mean
 * the view is in step. The probe holds the view's lock only for those few statements, and leaves the target as it was.
 */
@ApplicationScoped
public class GovernanceDrift {
    public static final String VIEWS_TEST = "Validate Governed Views Match Their Policies";
    public static final String PROFILES_TEST = "Validate User Profiles Match Their Entitlements";
    private static final Logger LOG = Logger.getLogger(GovernanceDrift.class);
    /** The name of the view a check builds to learn what a governed view's definition should be; never committed. */
    static final String PROBE_PREFIX = "tributary_probe_";

    @Inject
    RedshiftTargets targets;
    @Inject
    SecretSealer sealer;

    /** How long a repair the check asks for may wait for the bootstrap-worker; a missed one is retried by the next check. */
    @ConfigProperty(name = "tributary.governance.repair-timeout", defaultValue = "10m")
    Duration repairTimeout;

    /** The two tests, and what they lead to: repairs for the bootstrap-worker, and status changes for the gateway. */
    public record Report(List<ValidationTest> tests, List<Outgoing> outgoing) {
        static Report skipped(String reason) {
            return new Report(List.of(ValidationTest.skipped(VIEWS_TEST, reason), ValidationTest.skipped(PROFILES_TEST, reason)),
                    List.of());
        }
    }

    private enum Kind {
        IN_STEP(null), MISSING("missing"), CHANGED("changed by hand"),
        NOT_DROPPED("still there although its data source is being deleted"), UNREADABLE(null);

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** One view as found: {@code view} carries the table's current columns when they could be read. */
    private record ViewFinding(GovernanceChange.View view, Kind kind, String detail) {
        boolean drifted() {
            return kind != Kind.IN_STEP && kind != Kind.UNREADABLE;
        }
    }

    /**
     * Compares the target of {@code request} with its governance state, signed in as the system account
     * ({@code credentials}). {@code setupPassed}: the setup's own tests passed, without which nothing governed can be
     * in step and nothing should be put back.
     */
    public Report compare(Envelope check, RevalidationRequest request, Credentials credentials, boolean setupPassed) {
        GovernanceState state = request.governance();
        if (state == null || (state.views().isEmpty() && state.profiles().isEmpty())) {
            return Report.skipped("The integration governs nothing yet: no data source, no user.");
        }
        if (!setupPassed || credentials == null) {
            return Report.skipped("Skipped: the setup's tests failed; governed views and profiles are checked once they pass.");
        }
        RedshiftConfig config = request.spec().systemAccountTarget();
        Connection connection;
        try {
            connection = targets.open(config, credentials, config.database());
        } catch (SQLException e) {
            return Report.skipped("Skipped: " + ConnectionFailures.describe(config, config.database(), e));
        }
        try (connection) {
            GovernedViews views = new GovernedViews(SqlDialect.of(connection));
            List<ViewFinding> viewFindings = new ArrayList<>();
            for (GovernanceChange.View view : state.views()) {
                viewFindings.add(checkView(connection, views, view, config, credentials.username()));
            }
            Map<String, String> rows = profileRows(connection, views);
            Map<String, Entitlements> enforced = entitlementRows(connection, views);
            return report(check, request, credentials, viewFindings, driftedProfiles(state.profiles(), rows, enforced),
                    state.profiles().size());
        } catch (SQLException e) {
            LOG.warnf("integration %s: governed data not checked: %s", check.integrationId(), e.getMessage());
            String reason = "Governed data could not be checked: " + e.getMessage() + ". The next check tries again.";
            return new Report(List.of(Verdicts.warning(VIEWS_TEST, List.of(), reason),
                    Verdicts.warning(PROFILES_TEST, List.of(), reason)), List.of());
        }
    }

    /** One view, in its own transaction, which is rolled back whatever happens. */
    private static ViewFinding checkView(Connection connection, GovernedViews views, GovernanceChange.View view,
                                         RedshiftConfig config, String systemAccount) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Optional<String> actual = definition(connection, views, view);
            if (view.drop()) {
                return new ViewFinding(view, actual.isEmpty() ? Kind.IN_STEP : Kind.NOT_DROPPED, null);
            }
            GovernanceChange.View current;
            try {
                current = view.withTable(view.table().withColumns(views.readColumns(connection, view.table())));
            } catch (SQLException e) {
                return new ViewFinding(view, Kind.UNREADABLE, TableDescriptions.readFailure(view.table(), config, systemAccount, views, e));
            }
            if (actual.isEmpty()) {
                return new ViewFinding(current, Kind.MISSING, null);
            }
            // the expected view is made under a throwaway name beside the real one, so the live view is never
            // locked: a query running on it cannot hold the check up, nor the check hold up the queries behind it
            GovernedTable probe = new GovernedTable(current.table().database(), current.table().schema(), current.table().table(),
                    current.table().columns(), current.table().viewSchema(), PROBE_PREFIX + UUID.randomUUID().toString().substring(0, 8));
            String statement;
            try {
                statement = views.viewStatement(probe, current.rules());
            } catch (IllegalArgumentException e) {
                return new ViewFinding(current, Kind.UNREADABLE, e.getMessage());
            }
            try (Statement sql = connection.createStatement()) {
                sql.execute(statement);
            } catch (SQLException e) {
                return new ViewFinding(current, Kind.CHANGED, "it could not be built to compare: " + e.getMessage());
            }
            // an engine that keeps the view's own name in its definition keeps the probe's there
            Optional<String> expected = definition(connection, views, probe)
                    .map(text -> text.replace(probe.viewName(), SqlIdentifiers.catalogName(current.table().viewName())));
            return new ViewFinding(current, actual.equals(expected) ? Kind.IN_STEP : Kind.CHANGED, null);
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Optional<String> definition(Connection connection, GovernedViews views, GovernanceChange.View view)
            throws SQLException {
        return definition(connection, views, view.table());
    }

    private static Optional<String> definition(Connection connection, GovernedViews views, GovernedTable table)
            throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery(views.viewDefinitionQuery(table))) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }

    /** Every profile row of the target: user name as the catalog holds it, and its entitlements document. */
    private static Map<String, String> profileRows(Connection connection, GovernedViews views) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(views.profilesQuery())) {
            while (result.next()) {
                rows.put(SqlIdentifiers.catalogName(result.getString(1)), result.getString(2));
            }
        }
        return rows;
    }

    /**
     * What the attribute and group rows give each user: the views read these, not the profile's document, so a row
     * added there by hand changes what a user sees and must be found too.
     */
    private static Map<String, Entitlements> entitlementRows(Connection connection, GovernedViews views) throws SQLException {
        Map<String, Map<String, List<String>>> attributes = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        try (Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(views.entitlementRowsQuery())) {
            while (result.next()) {
                String user = SqlIdentifiers.catalogName(result.getString(1));
                attributes.computeIfAbsent(user, key -> new LinkedHashMap<>());
                groups.computeIfAbsent(user, key -> new ArrayList<>());
                if ("attribute".equals(result.getString(2))) {
                    attributes.get(user).computeIfAbsent(result.getString(3), key -> new ArrayList<>()).add(result.getString(4));
                } else {
                    groups.get(user).add(result.getString(3));
                }
            }
        }
        Map<String, Entitlements> enforced = new LinkedHashMap<>();
        attributes.forEach((user, values) -> enforced.put(user, new Entitlements(values, groups.get(user))));
        return enforced;
    }

    /** The same entitlements, whatever the order of values and groups. */
    private static boolean sameEntitlements(Entitlements desired, Entitlements enforced) {
        Entitlements rows = enforced == null ? new Entitlements(Map.of(), List.of()) : enforced;
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        desired.attributes().forEach((name, values) -> {
            if (!values.isEmpty()) {
                wanted.put(name, new HashSet<>(values));
            }
        });
        Map<String, Set<String>> found = new LinkedHashMap<>();
        rows.attributes().forEach((name, values) -> found.put(name, new HashSet<>(values)));
        return wanted.equals(found) && new HashSet<>(desired.groups()).equals(new HashSet<>(rows.groups()));
    }

    private record ProfileDrift(UserProfile repair, String description) {
    }

    /** The profiles that differ from what the gateway holds, each with its repair; rows of unknown users are removed. */
    private static List<ProfileDrift> driftedProfiles(List<UserProfile> desired, Map<String, String> rows,
                                                      Map<String, Entitlements> enforced) {
        List<ProfileDrift> drifted = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (UserProfile profile : desired) {
            String key = SqlIdentifiers.catalogName(profile.userName());
            known.add(key);
            if (profile.removed()) {
                if (rows.containsKey(key) || enforced.containsKey(key)) {
                    drifted.add(new ProfileDrift(profile, profile.userName() + " (deleted, but still has a profile)"));
                }
            } else if (!rows.containsKey(key)) {
                drifted.add(new ProfileDrift(profile, profile.userName() + " (missing)"));
            } else if (!sameDocument(rows.get(key), GovernedViews.entitlementsDocument(profile.entitlements()))
                    || !sameEntitlements(profile.entitlements(), enforced.get(key))) {
                drifted.add(new ProfileDrift(profile, profile.userName() + " (changed by hand)"));
            }
        }
        Stream.concat(rows.keySet().stream(), enforced.keySet().stream()).distinct().filter(name -> !known.contains(name))
                .forEach(name -> drifted.add(new ProfileDrift(new UserProfile(name, null, 0), name + " (not a user Tributary knows)")));
        return drifted;
    }

    /** The documents as JSON trees: the order of fields does not matter, a row that is not JSON never matches. */
    private static boolean sameDocument(String actual, String expected) {
        if (actual == null) {
            return false;
        }
        try {
            JsonNode found = Json.read(actual);
            return found.equals(Json.read(expected));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Report report(Envelope check, RevalidationRequest request, Credentials credentials, List<ViewFinding> viewFindings,
                          List<ProfileDrift> profiles, int profileCount) {
        IntegrationSpec spec = request.spec();
        boolean automatic = spec.autoBootstrap();
        String action = automatic ? "They are put back." : "Run the script of POST /integrations/" + check.integrationId()
                + "/scripts/policies, then POST /integrations/" + check.integrationId() + "/validate.";
        Set<Long> unsettled = new HashSet<>(request.governance().unsettled());
        List<Outgoing> events = new ArrayList<>();
        List<GovernanceChange> repairs = new ArrayList<>();

        List<String> drifted = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<Object> inStep = new ArrayList<>();
        for (ViewFinding finding : viewFindings) {
            GovernanceChange.View view = finding.view();
            String name = view.table().viewDisplayName();
            switch (finding.kind()) {
                case IN_STEP -> {
                    inStep.add(name);
                    if (unsettled.contains(view.dataSourceId())) {
                        // what a manual integration's script did, or what a repair finished: the gateway settles it
                        events.add(GovernanceChecks.applied(check, view, GovernanceApplied.APPLIED,
                                "found in step by the check", view.drop() ? List.of() : view.table().columns()));
                    }
                }
                case UNREADABLE -> {
                    unreadable.add(name + ": " + finding.detail());
                    if (!unsettled.contains(view.dataSourceId())) {
                        events.add(GovernanceChecks.applied(check, view, GovernanceApplied.FAILED, finding.detail(), List.of()));
                    }
                }
                default -> {
                    drifted.add(name + " (" + finding.kind().description
                            + (finding.detail() == null ? "" : ": " + finding.detail()) + ")");
                    repairs.add(view.asRepair());
                }
            }
        }
        String viewsMessage = "";
        if (!drifted.isEmpty()) {
            viewsMessage = "Governed views not as their policies say: " + String.join(", ", drifted) + ". " + action;
        }
        if (!unreadable.isEmpty()) {
            viewsMessage += (viewsMessage.isEmpty() ? "" : " ") + "Cannot be checked: " + String.join("; ", unreadable) + ".";
        }
        ValidationTest viewsTest = viewsMessage.isEmpty() ? ValidationTest.passed(VIEWS_TEST, inStep)
                : Verdicts.warning(VIEWS_TEST, inStep, viewsMessage);

        ValidationTest profilesTest = profiles.isEmpty()
                ? ValidationTest.passed(PROFILES_TEST, List.of(profileCount + " user profiles in step"))
                : Verdicts.warning(PROFILES_TEST, List.of(), "User profiles not as their entitlements say: "
                + String.join(", ", profiles.stream().map(ProfileDrift::description).toList()) + ". " + action);
        if (!profiles.isEmpty()) {
            repairs.add(new GovernanceChange.Profiles(profiles.stream().map(ProfileDrift::repair).toList()));
        }

        List<Outgoing> outgoing = new ArrayList<>(events);
        if (automatic && !repairs.isEmpty()) {
            String sealed = sealer.seal(Json.write(credentials),
                    SealingContext.commandCredentials(check.integrationId(), check.operationId(), spec));
            Instant deadline = Instant.now().plus(repairTimeout);
            for (GovernanceChange repair : repairs) {
                outgoing.add(Outgoing.of(Topics.BOOTSTRAP, check.reply(MessageTypes.GOVERNANCE_REQUESTED, repair.lane(),
                        new GovernanceCommand(spec, sealed, deadline, request.governance().databaseMode(), repair, true))));
            }
        }
        if (!repairs.isEmpty()) {
            LOG.infof("integration %s: %d governed objects drifted%s", check.integrationId(), repairs.size(),
                    automatic ? ", put back" : "");
        }
        return new Report(List.of(viewsTest, profilesTest), outgoing);
    }
}
