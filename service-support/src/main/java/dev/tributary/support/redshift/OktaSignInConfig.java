package dev.tributary.support.redshift;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where the hops of an Okta sign-in go ({@code tributary.redshift.okta.*}). Unset, every hop goes where the driver
 * sends it by default, with TLS checked: a real deployment sets none of these.
 */
@ConfigMapping(prefix = "tributary.redshift.okta")
public interface OktaSignInConfig {

    /** Okta sign-in: the STS endpoint for AssumeRoleWithSAML; unset, the driver uses STS of the region. */
    Optional<String> stsEndpoint();

    /** Okta sign-in: the Redshift API endpoint for GetClusterCredentials; unset, the region's. */
    Optional<String> redshiftApiEndpoint();

    /** Okta sign-in: the AWS region, for targets whose host is not a Redshift host name. */
    Optional<String> region();

    /** Okta sign-in: the cluster identifier, for targets whose host is not a Redshift host name. */
    Optional<String> clusterId();

    /** Okta sign-in: the Okta host's port when config.okta.idpHost names none; unset, 443. */
    Optional<Integer> idpPort();

    /** Okta sign-in: the AWS account that turns a plain config.okta.role name into arn:aws:iam::ACCOUNT:role/NAME. */
    Optional<String> roleAccount();

    /** Okta sign-in: no certificate checks on the Okta host, STS and the Redshift API. Only for the local stand-ins. */
    @WithDefault("false")
    boolean sslInsecure();
}
