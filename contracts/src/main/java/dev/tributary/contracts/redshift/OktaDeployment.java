package dev.tributary.contracts.redshift;

/**
 * A deployment's settings for Okta sign-ins through the Redshift driver (the {@code tributary.redshift.okta.*}
 * settings of the workers). Every value may be null: then the driver finds the hop itself, as it does for a real
 * cluster (STS and the Redshift API of the cluster's region, the cluster id and region from a Redshift host name).
 *
 * @param stsEndpoint         STS endpoint for AssumeRoleWithSAML (driver property {@code StsEndpointUrl}); https only
 * @param redshiftApiEndpoint Redshift API endpoint for GetClusterCredentials ({@code EndpointUrl})
 * @param region              AWS region ({@code Region}), for hosts that are not Redshift host names
 * @param clusterId           cluster identifier ({@code ClusterID}), for hosts that are not Redshift host names
 * @param idpPort             port of the Okta host when {@code config.okta.idpHost} names none (null: 443)
 * @param roleAccount         AWS account id that turns a plain {@code config.okta.role} name into a role ARN
 * @param sslInsecure         certificate checks off for the IdP and the AWS endpoints: only for local stand-ins
 */
public record OktaDeployment(String stsEndpoint, String redshiftApiEndpoint, String region, String clusterId,
                             Integer idpPort, String roleAccount, boolean sslInsecure) {

    /** A real deployment's: every hop found by the driver, TLS checked. */
    public static final OktaDeployment DEFAULTS = new OktaDeployment(null, null, null, null, null, null, false);

    /**
     * The role ARN for {@code config.okta.role}: an ARN as given; a plain name ({@code admin}) as
     * {@code arn:aws:iam::<roleAccount>:role/<name>} when the account is set, else as given (the driver then finds
     * no such role in the assertion, and the validation message says to give an ARN or set the account).
     */
    public String preferredRole(String role) {
        if (role == null || role.startsWith("arn:") || roleAccount == null || roleAccount.isBlank()) {
            return role;
        }
        return "arn:aws:iam::" + roleAccount + ":role/" + role;
    }

    /** {@code idpHost} with {@link #idpPort} added when it names no port of its own. */
    public String idpHost(String idpHost) {
        return idpPort == null || idpHost.contains(":") ? idpHost : idpHost + ":" + idpPort;
    }
}
