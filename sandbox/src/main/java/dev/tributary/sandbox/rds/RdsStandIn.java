package dev.tributary.sandbox.rds;

import dev.tributary.sandbox.aws.AwsFault;
import dev.tributary.sandbox.aws.Page;
import dev.tributary.sandbox.aws.QueryProtocol;
import dev.tributary.sandbox.aws.TokenBucket;
import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static dev.tributary.sandbox.aws.QueryProtocol.entries;
import static dev.tributary.sandbox.aws.QueryProtocol.required;

/**
 * A stand-in for the RDS API's zero-ETL actions, speaking the AWS Query protocol (form POST, XML answers,
 * ErrorResponse) so that the real AWS SDK RdsClient reaches it through an endpoint override. It validates like RDS
 * (the spec's patterns and faults, the quotas, one integration per source and target), moves integrations through
 * their lifecycle after a configurable delay, and knows a configurable set of source clusters and instances, each
 * cluster with its DB cluster parameter group ({@link SourceParameters}). It accepts SigV4-signed requests without
 * verifying the signatures, and throttles them as RDS does ({@code Throttling}, 400, "Rate exceeded") when they
 * outrun its {@link TokenBucket} ({@value TokenBucket#RDS} unless {@link #limitingRequests} says otherwise).
 * <p>Test controls, which RDS does not have, and which neither fail nor count against the rate limit:
 * {@code Action=StandInSetIntegrationStatus} (IntegrationIdentifier, Status, ErrorCode, ErrorMessage),
 * {@code Action=StandInFailNextRequests} (Count, Code, HttpStatus, and ForAction: only that action's requests fail)
 * and {@code Action=StandInSetSourceParameter} (SourceArn, ParameterName, ParameterValue; without a value the
 * parameter goes back to its engine's default).
 */
public final class RdsStandIn implements Closeable {
    public static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";
    public static final String ACCOUNT = "123456789012";
    public static final List<String> DEFAULT_SOURCES = List.of(
            "arn:aws:rds:us-east-1:123456789012:cluster:source-db|aurora-mysql",
            "arn:aws:rds:us-east-1:123456789012:db:source-db|mysql",
            "arn:aws:rds:us-east-1:123456789012:cluster:source-pg|aurora-postgresql");
    static final int MAX_PER_ACCOUNT = 100;
    static final int MAX_PER_TARGET = 50;
    static final int MAX_PER_SOURCE = 5;

    private static final Logger LOG = Logger.getLogger(RdsStandIn.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*");
    private static final Pattern SOURCE_ARN = Pattern.compile("arn:aws[a-z\\-]*:rds(-[a-z]*)?:[a-z0-9\\-]*:[0-9]*:(cluster|db):[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern DATA_FILTER = Pattern.compile("[a-zA-Z0-9_ \"\\\\\\-$,*.:?+/]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z0-9_:\\-/]+");
    private static final Set<String> SETTLED = Set.of("active", "failed", "syncing", "needs_attention");

    private final HttpServer server;
    private final Duration transitionDelay;
    /** ARN → engine of the sources this stand-in knows. */
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final SourceParameters parameters = new SourceParameters();
    private final Map<String, StandInIntegration> integrations = new LinkedHashMap<>();
    private TokenBucket rateLimit = TokenBucket.parse(TokenBucket.RDS);
    private int failuresToInject;
    private String injectedCode;
    private int injectedStatus;
    /** The one action the injected failures are for; null: any. */
    private String injectedAction;

    private RdsStandIn(HttpServer server, Duration transitionDelay, List<String> sourceSpecs) {
        this.server = server;
        this.transitionDelay = transitionDelay;
        for (String spec : sourceSpecs) {
            String[] parts = spec.split("\\|");
            sources.put(parts[0], parts.length > 1 ? parts[1] : "aurora-mysql");
            if (parts[0].contains(":cluster:")) {
                parameters.add(parts[0], sources.get(parts[0]));
            }
        }
    }

    /** {@code sources}: entries {@code <arn>|<engine>}; port 0 picks a free one. Listens on loopback only. */
    public static RdsStandIn start(int port, Duration transitionDelay, List<String> sources) throws IOException {
        return start("127.0.0.1", port, transitionDelay, sources);
    }

    /** As above, on {@code bindAddress} ("0.0.0.0" for other containers, in docker-compose). */
    public static RdsStandIn start(String bindAddress, int port, Duration transitionDelay, List<String> sources) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        RdsStandIn standIn = new RdsStandIn(server, transitionDelay, sources);
        server.createContext("/", exchange -> QueryProtocol.handle(exchange, NAMESPACE, standIn::act));
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "rds-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        LOG.info("RDS stand-in on port " + standIn.port() + "; it accepts SigV4-signed requests without verifying signatures");
        return standIn;
    }

    /** Throttles requests with {@code bucket} instead ({@link TokenBucket#UNLIMITED}: never). */
    public synchronized RdsStandIn limitingRequests(TokenBucket bucket) {
        this.rateLimit = bucket;
        LOG.info("RDS stand-in rate limit: " + bucket);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private synchronized String act(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        settleTransitions();
        if (!action.startsWith("StandIn")) {
            injectFailure(action);
            if (!rateLimit.tryTake()) {
                throw new AwsFault("Throttling", 400, "Rate exceeded");
            }
        }
        return switch (action) {
            case "CreateIntegration" -> integrationXml(create(form));
            case "DescribeIntegrations" -> describeIntegrations(form);
            case "ModifyIntegration" -> integrationXml(modify(form));
            case "DeleteIntegration" -> integrationXml(delete(form));
            case "AddTagsToResource" -> addTags(form);
            case "DescribeDBClusters" -> describeSources(form, "DBClusterIdentifier", ":cluster:", "DBClusters", "DBCluster");
            case "DescribeDBInstances" -> describeSources(form, "DBInstanceIdentifier", ":db:", "DBInstances", "DBInstance");
            case "DescribeDBClusterParameters" -> describeClusterParameters(form);
            case "StandInSetIntegrationStatus" -> integrationXml(setStatus(form));
            case "StandInFailNextRequests" -> failNextRequests(form);
            case "StandInSetSourceParameter" -> parameters.set(required(form, "SourceArn"),
                    required(form, "ParameterName"), form.get("ParameterValue")).xml();
            default -> throw new AwsFault("InvalidAction", 400, "The action " + action + " is not valid for this endpoint.");
        };
    }

    private StandInIntegration create(Map<String, String> form) {
        String name = required(form, "IntegrationName");
        String sourceArn = required(form, "SourceArn");
        String targetArn = required(form, "TargetArn");
        if (name.length() > 63 || !NAME.matcher(name).matches()) {
            throw AwsFault.invalid("IntegrationName must match [a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)* and have 1 to 63 characters.");
        }
        if (sourceArn.length() > 255 || !SOURCE_ARN.matcher(sourceArn).matches()) {
            throw AwsFault.invalid("SourceArn is not a valid RDS cluster or instance ARN.");
        }
        if (targetArn.length() < 20 || targetArn.length() > 2048) {
            throw AwsFault.invalid("TargetArn must have 20 to 2048 characters.");
        }
        String dataFilter = form.get("DataFilter");
        checkDataFilter(dataFilter);
        String description = form.get("Description");
        if (description != null && description.length() > 1000) {
            throw AwsFault.invalid("Description must have at most 1000 characters.");
        }
        String kmsKeyId = form.get("KMSKeyId");
        Map<String, String> context = entries(form, "AdditionalEncryptionContext.entry.", "key", "value");
        if (!context.isEmpty() && kmsKeyId == null) {
            throw AwsFault.invalid("AdditionalEncryptionContext can only be given together with KMSKeyId.");
        }
        if (!sources.containsKey(sourceArn)) {
            throw sourceArn.contains(":cluster:")
                    ? new AwsFault("DBClusterNotFoundFault", 404, "DBCluster " + identifierOf(sourceArn) + " not found.")
                    : new AwsFault("DBInstanceNotFound", 404, "DBInstance " + identifierOf(sourceArn) + " not found.");
        }
        if (kmsKeyId != null && kmsKeyId.contains("inaccessible")) {
            throw new AwsFault("KMSKeyNotAccessibleFault", 400, "The KMS key " + kmsKeyId + " is not accessible.");
        }
        for (StandInIntegration existing : integrations.values()) {
            if (existing.name.equals(name)) {
                throw new AwsFault("IntegrationAlreadyExistsFault", 400, "Integration " + name + " already exists.");
            }
            if (existing.sourceArn.equals(sourceArn) && existing.targetArn.equals(targetArn)) {
                if (existing.status.equals("deleting")) {
                    throw new AwsFault("IntegrationConflictOperationFault", 400,
                            "An integration between this source and target is being deleted.");
                }
                throw new AwsFault("IntegrationAlreadyExistsFault", 400,
                        "An integration between " + sourceArn + " and " + targetArn + " already exists.");
            }
        }
        long perSource = integrations.values().stream().filter(i -> i.sourceArn.equals(sourceArn)).count();
        long perTarget = integrations.values().stream().filter(i -> i.targetArn.equals(targetArn)).count();
        if (integrations.size() >= MAX_PER_ACCOUNT || perSource >= MAX_PER_SOURCE || perTarget >= MAX_PER_TARGET) {
            throw new AwsFault("IntegrationQuotaExceededFault", 400, "You can't create any more zero-ETL integrations"
                    + " (quotas: " + MAX_PER_ACCOUNT + " per account, " + MAX_PER_TARGET + " per target, " + MAX_PER_SOURCE + " per source).");
        }
        String region = sourceArn.split(":")[3];
        String arn = "arn:aws:rds:" + region + ":" + ACCOUNT + ":integration:" + UUID.randomUUID();
        List<String[]> tags = new ArrayList<>();
        entries(form, "Tags.Tag.", "Key", "Value").forEach((key, value) -> tags.add(new String[]{key, value}));
        StandInIntegration integration = new StandInIntegration(arn, name, sourceArn, targetArn, kmsKeyId, context, tags,
                dataFilter, description);
        integration.settlesAt = Instant.now().plus(transitionDelay);
        integrations.put(arn, integration);
        return integration;
    }

    private String describeIntegrations(Map<String, String> form) {
        String identifier = form.get("IntegrationIdentifier");
        int maxRecords = QueryProtocol.maxRecords(form);
        List<StandInIntegration> matching = new ArrayList<>();
        if (identifier != null) {
            matching.add(find(identifier));
        } else {
            Map<String, List<String>> filters = filters(form);
            for (StandInIntegration integration : integrations.values()) {
                boolean keep = filters.entrySet().stream().allMatch(filter -> switch (filter.getKey()) {
                    case "integration-identifier" -> filter.getValue().contains(integration.arn) || filter.getValue().contains(integration.name);
                    case "status" -> filter.getValue().contains(integration.status);
                    case "source-arn" -> filter.getValue().contains(integration.sourceArn);
                    default -> true;
                });
                if (keep) {
                    matching.add(integration);
                }
            }
        }
        Page<StandInIntegration> page = Page.of(matching, QueryProtocol.marker(form), maxRecords);
        StringBuilder xml = new StringBuilder("<Integrations>");
        for (StandInIntegration integration : page.items()) {
            xml.append("<Integration>").append(integrationXml(integration)).append("</Integration>");
        }
        return xml.append("</Integrations>").append(QueryProtocol.element("Marker", page.next())).toString();
    }

    /** {@code Filters.Filter.N.Name} with its {@code Values.Value.M}: a filter keeps what matches one of its values. */
    private static Map<String, List<String>> filters(Map<String, String> form) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int n = 1; form.containsKey("Filters.Filter." + n + ".Name"); n++) {
            List<String> values = new ArrayList<>();
            for (int m = 1; form.containsKey("Filters.Filter." + n + ".Values.Value." + m); m++) {
                values.add(form.get("Filters.Filter." + n + ".Values.Value." + m));
            }
            filters.put(form.get("Filters.Filter." + n + ".Name"), values);
        }
        return filters;
    }

    /** Tags an integration (the stand-in's only taggable resource): a key it has already gets the new value. */
    private String addTags(Map<String, String> form) {
        String resource = required(form, "ResourceName");
        if (!resource.contains(":integration:")) {
            throw AwsFault.invalid("ResourceName must be an integration ARN: the stand-in tags integrations only.");
        }
        StandInIntegration integration = integrations.get(resource);
        if (integration == null) {
            throw new AwsFault("IntegrationNotFoundFault", 404, "Integration " + resource + " not found.");
        }
        entries(form, "Tags.Tag.", "Key", "Value").forEach((key, value) -> {
            integration.tags.removeIf(tag -> tag[0].equals(key));
            integration.tags.add(new String[]{key, value});
        });
        return "";
    }

    private StandInIntegration modify(Map<String, String> form) {
        StandInIntegration integration = find(required(form, "IntegrationIdentifier"));
        if (!SETTLED.contains(integration.status)) {
            throw new AwsFault("InvalidIntegrationStateFault", 400, "Integration " + integration.name + " is " + integration.status + ".");
        }
        String name = form.get("IntegrationName");
        if (name != null && (name.length() > 63 || !NAME.matcher(name).matches())) {
            throw AwsFault.invalid("IntegrationName must match [a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)* and have 1 to 63 characters.");
        }
        checkDataFilter(form.get("DataFilter"));
        if (name != null) {
            integration.name = name;
        }
        if (form.containsKey("DataFilter")) {
            integration.dataFilter = form.get("DataFilter");
        }
        if (form.containsKey("Description")) {
            integration.description = form.get("Description");
        }
        integration.status = "modifying";
        integration.settlesAt = Instant.now().plus(transitionDelay);
        return integration;
    }

    private StandInIntegration delete(Map<String, String> form) {
        StandInIntegration integration = find(required(form, "IntegrationIdentifier"));
        if (!SETTLED.contains(integration.status)) {
            throw new AwsFault("InvalidIntegrationStateFault", 400, "Integration " + integration.name
                    + " cannot be deleted while it is " + integration.status + ".");
        }
        integration.status = "deleting";
        integration.settlesAt = Instant.now().plus(transitionDelay);
        return integration;
    }

    private String describeSources(Map<String, String> form, String parameter, String kind, String listElement, String element) {
        String identifier = form.get(parameter);
        StringBuilder xml = new StringBuilder("<" + listElement + ">");
        int found = 0;
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String arn = source.getKey();
            if (!arn.contains(kind) || (identifier != null && !identifier.equals(arn) && !identifier.equals(identifierOf(arn)))) {
                continue;
            }
            found++;
            xml.append("<").append(element).append("><").append(element).append("Identifier>").append(identifierOf(arn))
                    .append("</").append(element).append("Identifier><").append(element).append("Arn>").append(arn)
                    .append("</").append(element).append("Arn><Engine>").append(source.getValue()).append("</Engine>")
                    .append(element.equals("DBCluster")
                            ? "<Status>available</Status>" + QueryProtocol.element("DBClusterParameterGroup", SourceParameters.groupName(arn))
                            : "<DBInstanceStatus>available</DBInstanceStatus>")
                    .append("</").append(element).append(">");
        }
        if (identifier != null && found == 0) {
            throw element.equals("DBCluster")
                    ? new AwsFault("DBClusterNotFoundFault", 404, "DBCluster " + identifier + " not found.")
                    : new AwsFault("DBInstanceNotFound", 404, "DBInstance " + identifier + " not found.");
        }
        return xml.append("</").append(listElement).append(">").toString();
    }

    private String describeClusterParameters(Map<String, String> form) {
        int maxRecords = QueryProtocol.maxRecords(form);
        Page<SourceParameters.Parameter> page = Page.of(parameters.describe(required(form, "DBClusterParameterGroupName"),
                form.get("Source")), QueryProtocol.marker(form), maxRecords);
        StringBuilder xml = new StringBuilder("<Parameters>");
        page.items().forEach(parameter -> xml.append(parameter.xml()));
        return xml.append("</Parameters>").append(QueryProtocol.element("Marker", page.next())).toString();
    }

    private StandInIntegration setStatus(Map<String, String> form) {
        StandInIntegration integration = find(required(form, "IntegrationIdentifier"));
        integration.status = required(form, "Status");
        integration.settlesAt = null;
        integration.errors.clear();
        if (form.containsKey("ErrorCode")) {
            integration.errors.put(form.get("ErrorCode"), form.getOrDefault("ErrorMessage", ""));
        }
        return integration;
    }

    private String failNextRequests(Map<String, String> form) {
        failuresToInject = QueryProtocol.number(form, "Count", 1);
        injectedCode = form.getOrDefault("Code", "Throttling");
        injectedStatus = QueryProtocol.number(form, "HttpStatus", 400);
        injectedAction = form.get("ForAction");
        return "";
    }

    private void injectFailure(String action) {
        if (failuresToInject > 0 && (injectedAction == null || injectedAction.equals(action))) {
            failuresToInject--;
            throw new AwsFault(injectedCode, injectedStatus, "Injected by the stand-in: " + injectedCode);
        }
    }

    /** Completes the transitions whose delay has passed: creating and modifying become active, deleting disappears. */
    private void settleTransitions() {
        Instant now = Instant.now();
        integrations.values().removeIf(i -> i.status.equals("deleting") && i.settlesAt != null && !i.settlesAt.isAfter(now));
        for (StandInIntegration integration : integrations.values()) {
            if (integration.settlesAt != null && !integration.settlesAt.isAfter(now)
                    && (integration.status.equals("creating") || integration.status.equals("modifying"))) {
                integration.status = "active";
                integration.settlesAt = null;
            }
        }
    }

    private StandInIntegration find(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw AwsFault.invalid("IntegrationIdentifier must match [a-zA-Z0-9_:\\-\\/]+.");
        }
        return integrations.values().stream()
                .filter(i -> i.arn.equals(identifier) || i.name.equals(identifier) || i.id().equals(identifier))
                .findFirst()
                .orElseThrow(() -> new AwsFault("IntegrationNotFoundFault", 404, "Integration " + identifier + " not found."));
    }

    private static void checkDataFilter(String dataFilter) {
        if (dataFilter != null && (dataFilter.isEmpty() || dataFilter.length() > 25600 || !DATA_FILTER.matcher(dataFilter).matches())) {
            throw AwsFault.invalid("DataFilter must have 1 to 25600 characters of [a-zA-Z0-9_ \"\\-$,*.:?+/].");
        }
    }

    private static String integrationXml(StandInIntegration integration) {
        StringBuilder xml = new StringBuilder();
        element(xml, "SourceArn", integration.sourceArn);
        element(xml, "IntegrationName", integration.name);
        element(xml, "IntegrationArn", integration.arn);
        element(xml, "TargetArn", integration.targetArn);
        xml.append("<Tags>");
        for (String[] tag : integration.tags) {
            xml.append("<Tag>");
            element(xml, "Key", tag[0]);
            element(xml, "Value", tag[1]);
            xml.append("</Tag>");
        }
        xml.append("</Tags>");
        element(xml, "CreateTime", integration.createTime.toString());
        element(xml, "KMSKeyId", integration.kmsKeyId);
        if (!integration.encryptionContext.isEmpty()) {
            xml.append("<AdditionalEncryptionContext>");
            integration.encryptionContext.forEach((key, value) -> xml.append("<entry><key>").append(QueryProtocol.xml(key))
                    .append("</key><value>").append(QueryProtocol.xml(value)).append("</value></entry>"));
            xml.append("</AdditionalEncryptionContext>");
        }
        element(xml, "DataFilter", integration.dataFilter);
        element(xml, "Description", integration.description);
        element(xml, "Status", integration.status);
        if (!integration.errors.isEmpty()) {
            xml.append("<Errors>");
            integration.errors.forEach((code, message) -> xml.append("<IntegrationError><ErrorCode>").append(QueryProtocol.xml(code))
                    .append("</ErrorCode><ErrorMessage>").append(QueryProtocol.xml(message)).append("</ErrorMessage></IntegrationError>"));
            xml.append("</Errors>");
        }
        return xml.toString();
    }

    private static void element(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append('<').append(name).append('>').append(QueryProtocol.xml(value)).append("</").append(name).append('>');
        }
    }

    private static String identifierOf(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
