package dev.tributary.sandbox.redshift;

import dev.tributary.contracts.zeroetl.ZeroEtlTarget;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The zero-ETL targets the Redshift-API stand-in knows, and the resource policies on their namespaces: provisioned
 * clusters, each with its namespace, endpoint and parameter group {@code <cluster id>-params}, and serverless
 * namespaces with one workgroup each; each with {@code enable_case_sensitive_identifier} on or off. It starts with
 * {@link #PROVISIONED} (cluster {@code sandbox}) and {@link #SERVERLESS} (namespace {@code sandbox-ns}, workgroup
 * {@code sandbox-wg}), both case-sensitive; {@link RedshiftTargetActions} and {@link ServerlessActions} answer the
 * APIs' actions on them. Thread-safe.
 */
public final class RedshiftTargets {
    /** The parameter zero-ETL needs on: Redshift's names are case-insensitive unless it is. */
    public static final String CASE_SENSITIVE = "enable_case_sensitive_identifier";
    public static final String PROVISIONED_NAMESPACE =
            "arn:aws:redshift:us-east-1:123456789012:namespace:8c3b5a1e-0f0d-4d1c-9c51-2b0a3f6d7e11";
    public static final String SERVERLESS_NAMESPACE =
            "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/2f6d0c7a-5b4e-4e8e-a1d2-7c9b3e5f1a20";
    public static final Target PROVISIONED = Target.provisioned(PROVISIONED_NAMESPACE, "sandbox",
            "sandbox.c0ffee123456.us-east-1.redshift.amazonaws.com", 5439, true);
    public static final Target SERVERLESS = new Target(parsedNamespace(SERVERLESS_NAMESPACE), "sandbox-wg", "sandbox-ns",
            "sandbox-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com", 5439, true, Instant.now().truncatedTo(ChronoUnit.SECONDS));

    /**
     * A target. {@code name}: a provisioned target's cluster identifier, or a serverless target's workgroup name
     * ({@code namespaceName} then its namespace's name; null for a provisioned one, whose namespace has none).
     */
    public record Target(ZeroEtlTarget namespace, String name, String namespaceName, String endpointAddress, int endpointPort,
                         boolean caseSensitive, Instant created) {

        public static Target provisioned(String namespaceArn, String cluster, String endpointAddress, int endpointPort,
                                         boolean caseSensitive) {
            return new Target(parsedNamespace(namespaceArn), cluster, null, endpointAddress, endpointPort, caseSensitive,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }

        /** A serverless target, its namespace named {@code <workgroup>-ns}. */
        public static Target serverless(String namespaceArn, String workgroup, String endpointAddress, int endpointPort,
                                        boolean caseSensitive) {
            return new Target(parsedNamespace(namespaceArn), workgroup, workgroup + "-ns", endpointAddress, endpointPort, caseSensitive,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }

        public boolean serverless() {
            return namespace.kind() == ZeroEtlTarget.Kind.SERVERLESS;
        }

        public String parameterGroup() {
            return name + "-params";
        }

        /** The workgroup's id: stable for its name, as a real workgroup's is for its life. */
        public String workgroupId() {
            return UUID.nameUUIDFromBytes(("workgroup:" + name).getBytes()).toString();
        }
    }

    private final Map<String, Target> byNamespace = new LinkedHashMap<>();
    private final Map<String, String> policies = new HashMap<>();

    public RedshiftTargets() {
        put(PROVISIONED);
        put(SERVERLESS);
    }

    private static ZeroEtlTarget parsedNamespace(String arn) {
        return ZeroEtlTarget.parse(arn).orElseThrow(() -> new IllegalArgumentException(arn + " is not " + ZeroEtlTarget.FORMS));
    }

    /** Adds the target, replacing one with its namespace or its kind and name. Its namespace keeps its policy. */
    public synchronized void put(Target target) {
        byNamespace.values().removeIf(known -> known.serverless() == target.serverless() && known.name().equals(target.name()));
        byNamespace.put(target.namespace().arn(), target);
    }

    public synchronized Optional<Target> byNamespace(String namespaceArn) {
        return Optional.ofNullable(byNamespace.get(namespaceArn));
    }

    /** The provisioned targets, or the serverless ones, in the order they were added. */
    public synchronized List<Target> all(boolean serverless) {
        return byNamespace.values().stream().filter(target -> target.serverless() == serverless).toList();
    }

    public synchronized Optional<String> policy(String namespaceArn) {
        return Optional.ofNullable(policies.get(namespaceArn));
    }

    public synchronized void putPolicy(String namespaceArn, String policy) {
        policies.put(namespaceArn, policy);
    }

    /** Whether there was a policy to delete. */
    public synchronized boolean deletePolicy(String namespaceArn) {
        return policies.remove(namespaceArn) != null;
    }
}
