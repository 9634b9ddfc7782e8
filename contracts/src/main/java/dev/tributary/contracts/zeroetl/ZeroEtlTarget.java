package dev.tributary.contracts.zeroetl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a zero-ETL {@code targetArn} names: the namespace of a provisioned Redshift cluster
 * ({@code arn:aws:redshift:<region>:<account>:namespace:<id>}) or of Redshift Serverless
 * ({@code arn:aws:redshift-serverless:<region>:<account>:namespace/<id>}). The resource policy of both lives on that
 * namespace ARN; their parameters are found through the cluster that has the namespace, or the workgroups of the
 * serverless namespace.
 */
public record ZeroEtlTarget(Kind kind, String arn, String region, String account, String namespaceId) {

    public enum Kind { PROVISIONED, SERVERLESS }

    private static final Pattern PROVISIONED = Pattern.compile(
            "arn:(aws[a-z-]*):redshift:([a-z0-9-]+):([0-9]{12}):namespace:([A-Za-z0-9-]+)");
    private static final Pattern SERVERLESS = Pattern.compile(
            "arn:(aws[a-z-]*):redshift-serverless:([a-z0-9-]+):([0-9]{12}):namespace/([A-Za-z0-9-]+)");

    /** The target this ARN names, or empty when it names neither kind of namespace. */
    public static Optional<ZeroEtlTarget> parse(String arn) {
        for (Kind kind : Kind.values()) {
            Matcher matcher = (kind == Kind.PROVISIONED ? PROVISIONED : SERVERLESS).matcher(arn);
            if (matcher.matches()) {
                return Optional.of(new ZeroEtlTarget(kind, arn, matcher.group(2), matcher.group(3), matcher.group(4)));
            }
        }
        return Optional.empty();
    }

    /** How the rule reads in a message. */
    public static final String FORMS = "arn:aws:redshift:<region>:<account>:namespace:<id> (a provisioned cluster's"
            + " namespace) or arn:aws:redshift-serverless:<region>:<account>:namespace/<id>";
}
