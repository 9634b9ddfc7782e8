package dev.tributary.sandbox.rds;

import dev.tributary.sandbox.aws.QueryProtocol;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

/**
 * A stand-in for the RDS API's zero-ETL actions, speaking the AWS Query protocol (form POST, XML answers,
 * ErrorResponse) so that the real AWS SDK RdsClient reaches it through an endpoint override. It validates like RDS
 * (the spec's patterns and faults, the quotas, one integration per source and target), moves integrations through
 * their lifecycle after a configurable delay, and knows a configurable set of source clusters and instances.
 * It accepts SigV4-signed requests without verifying the signatures.
 * <p>Test controls, which RDS does not have: {@code Action=StandInSetIntegrationStatus} (IntegrationIdentifier,
 * Status, ErrorCode, ErrorMessage) and {@code Action=StandInFailNextRequests} (Count, Code, HttpStatus).
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
    private final Map<String, StandInIntegration> integrations = new LinkedHashMap<>();
    private int failuresToInject;
    private String injectedCode;
    private int injectedStatus;

    private RdsStandIn(HttpServer server, Duration transitionDelay, List<String> sourceSpecs) {
        this.server = server;
        this.transitionDelay = transitionDelay;
        for (String spec : sourceSpecs) {
            String[] parts = spec.split("\\|");
            sources.put(parts[0], parts.length > 1 ? parts[1] : "aurora-mysql");
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
        server.createContext("/", standIn::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "rds-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        LOG.info("RDS stand-in on port " + standIn.port() + "; it accepts SigV4-signed requests without verifying signatures");
        return standIn;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try {
            Map<String, String> form = QueryProtocol.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (exchange.getRequestURI().getRawQuery() != null) {
                form.putAll(QueryProtocol.form(exchange.getRequestURI().getRawQuery()));
            }
            String action = form.getOrDefault("Action", "");
            String result;
            synchronized (this) {
                settleTransitions();
                injectFailure(action);
                result = switch (action) {
                    case "CreateIntegration" -> integrationXml(create(form));
                    case "DescribeIntegrations" -> describeIntegrations(form);
                    case "ModifyIntegration" -> integrationXml(modify(form));
                    case "DeleteIntegration" -> integrationXml(delete(form));
                    case "DescribeDBClusters" -> describeSources(form, "DBClusterIdentifier", ":cluster:", "DBClusters", "DBCluster");
                    case "DescribeDBInstances" -> describeSources(form, "DBInstanceIdentifier", ":db:", "DBInstances", "DBInstance");
                    case "StandInSetIntegrationStatus" -> integrationXml(setStatus(form));
                    case "StandInFailNextRequests" -> failNextRequests(form);
                    default -> throw new RdsFault("InvalidAction", 400, "The action " + action + " is not valid for this endpoint.");
                };
            }
            respond(exchange, 200, "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result
                    + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></"
                    + action + "Response>");
        } catch (RdsFault fault) {
            respond(exchange, fault.httpStatus, "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>"
                    + (fault.httpStatus >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + fault.code + "</Code><Message>"
                    + QueryProtocol.xml(fault.getMessage()) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>");
        } catch (RuntimeException e) {
            respond(exchange, 500, "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                    + "<Message>" + QueryProtocol.xml(String.valueOf(e.getMessage())) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>");
        } finally {
            exchange.close();
        }
    }

    private StandInIntegration create(Map<String, String> form) {
        String name = required(form, "IntegrationName");
        String sourceArn = required(form, "SourceArn");
        String targetArn = required(form, "TargetArn");
        if (name.length() > 63 || !NAME.matcher(name).matches()) {
            throw RdsFault.invalid("IntegrationName must match [a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)* and have 1 to 63 characters.");
        }
        if (sourceArn.length() > 255 || !SOURCE_ARN.matcher(sourceArn).matches()) {
            throw RdsFault.invalid("SourceArn is not a valid RDS cluster or instance ARN.");
        }
        if (targetArn.length() < 20 || targetArn.length() > 2048) {
            throw RdsFault.invalid("TargetArn must have 20 to 2048 characters.");
        }
        String dataFilter = form.get("DataFilter");
        checkDataFilter(dataFilter);
        String description = form.get("Description");
        if (description != null && description.length() > 1000) {
            throw RdsFault.invalid("Description must have at most 1000 characters.");
        }
        String kmsKeyId = form.get("KMSKeyId");
        Map<String, String> context = entries(form, "AdditionalEncryptionContext.entry.", "key", "value");
        if (!context.isEmpty() && kmsKeyId == null) {
            throw RdsFault.invalid("AdditionalEncryptionContext can only be given together with KMSKeyId.");
        }
        if (!sources.containsKey(sourceArn)) {
            throw sourceArn.contains(":cluster:")
                    ? new RdsFault("DBClusterNotFoundFault", 404, "DBCluster " + identifierOf(sourceArn) + " not found.")
                    : new RdsFault("DBInstanceNotFound", 404, "DBInstance " + identifierOf(sourceArn) + " not found.");
        }
        if (kmsKeyId != null && kmsKeyId.contains("inaccessible")) {
            throw new RdsFault("KMSKeyNotAccessibleFault", 400, "The KMS key " + kmsKeyId + " is not accessible.");
        }
        for (StandInIntegration existing : integrations.values()) {
            if (existing.name.equals(name)) {
                throw new RdsFault("IntegrationAlreadyExistsFault", 400, "Integration " + name + " already exists.");
            }
            if (existing.sourceArn.equals(sourceArn) && existing.targetArn.equals(targetArn)) {
                if (existing.status.equals("deleting")) {
                    throw new RdsFault("IntegrationConflictOperationFault", 400,
                            "An integration between this source and target is being deleted.");
                }
                throw new RdsFault("IntegrationAlreadyExistsFault", 400,
                        "An integration between " + sourceArn + " and " + targetArn + " already exists.");
            }
        }
        long perSource = integrations.values().stream().filter(i -> i.sourceArn.equals(sourceArn)).count();
        long perTarget = integrations.values().stream().filter(i -> i.targetArn.equals(targetArn)).count();
        if (integrations.size() >= MAX_PER_ACCOUNT || perSource >= MAX_PER_SOURCE || perTarget >= MAX_PER_TARGET) {
            throw new RdsFault("IntegrationQuotaExceededFault", 400, "You can't create any more zero-ETL integrations"
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
        int maxRecords = number(form, "MaxRecords", 100);
        if (maxRecords < 20 || maxRecords > 100) {
            throw RdsFault.invalid("MaxRecords must be between 20 and 100.");
        }
        List<StandInIntegration> matching = new ArrayList<>();
        if (identifier != null) {
            matching.add(find(identifier));
        } else {
            Map<String, String> filterNames = entries(form, "Filters.Filter.", "Name", "Values.Value.1");
            for (StandInIntegration integration : integrations.values()) {
                boolean keep = filterNames.entrySet().stream().allMatch(filter -> switch (filter.getKey()) {
                    case "integration-identifier" -> filter.getValue().equals(integration.arn) || filter.getValue().equals(integration.name);
                    case "status" -> filter.getValue().equals(integration.status);
                    case "source-arn" -> filter.getValue().equals(integration.sourceArn);
                    default -> true;
                });
                if (keep) {
                    matching.add(integration);
                }
            }
        }
        int start = number(form, "Marker", 0);
        if (start < 0) {
            throw RdsFault.invalid("Marker is not one this endpoint handed out.");
        }
        int end = Math.min(matching.size(), start + maxRecords);
        StringBuilder xml = new StringBuilder("<Integrations>");
        for (StandInIntegration integration : matching.subList(Math.min(start, end), end)) {
            xml.append("<Integration>").append(integrationXml(integration)).append("</Integration>");
        }
        xml.append("</Integrations>");
        if (end < matching.size()) {
            xml.append("<Marker>").append(end).append("</Marker>");
        }
        return xml.toString();
    }

    private StandInIntegration modify(Map<String, String> form) {
        StandInIntegration integration = find(required(form, "IntegrationIdentifier"));
        if (!SETTLED.contains(integration.status)) {
            throw new RdsFault("InvalidIntegrationStateFault", 400, "Integration " + integration.name + " is " + integration.status + ".");
        }
        String name = form.get("IntegrationName");
        if (name != null && (name.length() > 63 || !NAME.matcher(name).matches())) {
            throw RdsFault.invalid("IntegrationName must match [a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)* and have 1 to 63 characters.");
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
            throw new RdsFault("InvalidIntegrationStateFault", 400, "Integration " + integration.name
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
                    .append(element.equals("DBCluster") ? "<Status>available</Status>" : "<DBInstanceStatus>available</DBInstanceStatus>")
                    .append("</").append(element).append(">");
        }
        if (identifier != null && found == 0) {
            throw element.equals("DBCluster")
                    ? new RdsFault("DBClusterNotFoundFault", 404, "DBCluster " + identifier + " not found.")
                    : new RdsFault("DBInstanceNotFound", 404, "DBInstance " + identifier + " not found.");
        }
        return xml.append("</").append(listElement).append(">").toString();
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
        failuresToInject = Integer.parseInt(form.getOrDefault("Count", "1"));
        injectedCode = form.getOrDefault("Code", "Throttling");
        injectedStatus = Integer.parseInt(form.getOrDefault("HttpStatus", "400"));
        return "";
    }

    private void injectFailure(String action) {
        if (failuresToInject > 0 && !action.startsWith("StandIn")) {
            failuresToInject--;
            throw new RdsFault(injectedCode, injectedStatus, "Injected by the stand-in: " + injectedCode);
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
            throw RdsFault.invalid("IntegrationIdentifier must match [a-zA-Z0-9_:\\-\\/]+.");
        }
        return integrations.values().stream()
                .filter(i -> i.arn.equals(identifier) || i.name.equals(identifier) || i.id().equals(identifier))
                .findFirst()
                .orElseThrow(() -> new RdsFault("IntegrationNotFoundFault", 404, "Integration " + identifier + " not found."));
    }

    private static void checkDataFilter(String dataFilter) {
        if (dataFilter != null && (dataFilter.isEmpty() || dataFilter.length() > 25600 || !DATA_FILTER.matcher(dataFilter).matches())) {
            throw RdsFault.invalid("DataFilter must have 1 to 25600 characters of [a-zA-Z0-9_ \"\\-$,*.:?+/].");
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

    private static int number(Map<String, String> form, String name, int fallback) {
        try {
            return form.containsKey(name) ? Integer.parseInt(form.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw RdsFault.invalid(name + " must be a number.");
        }
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw new RdsFault("MissingParameter", 400, "The request must contain the parameter " + name + ".");
        }
        return value;
    }

    /** Reads a Query-protocol list or map ({@code prefix.N.key}, {@code prefix.N.value}) into a map. */
    private static Map<String, String> entries(Map<String, String> form, String prefix, String keyName, String valueName) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int n = 1; form.containsKey(prefix + n + "." + keyName); n++) {
            entries.put(form.get(prefix + n + "." + keyName), form.getOrDefault(prefix + n + "." + valueName, ""));
        }
        return entries;
    }


    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
