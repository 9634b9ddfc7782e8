package dev.tributary.sandbox.okta;

import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.tls.StandInTls;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/**
 * The three hops of an Okta sign-in through the Redshift driver, stood in for locally and started together: the
 * Okta IdP ({@link OktaStandIn}), STS ({@link StsStandIn}) and the Redshift API ({@link RedshiftApiStandIn}), each
 * on its own HTTPS port with one generated certificate. They share what the real services share through AWS: the
 * STS stand-in takes the IdP's assertions, and the Redshift API takes the STS stand-in's credentials. The Redshift
 * API also serves zero-ETL targets' management actions ({@link RedshiftApiStandIn}), which is why the RDS stand-in's
 * users start these too.
 */
public final class FederationStandIns implements Closeable {
    private final OktaStandIn okta;
    private final StsStandIn sts;
    private final RedshiftApiStandIn redshiftApi;

    private FederationStandIns(OktaStandIn okta, StsStandIn sts, RedshiftApiStandIn redshiftApi) {
        this.okta = okta;
        this.sts = sts;
        this.redshiftApi = redshiftApi;
    }

    /**
     * Ports 0 pick free ones. {@code superusers}: DbUsers that AutoCreate makes superusers (the federated
     * administrators); {@code bindAddress} "127.0.0.1", or "0.0.0.0" for other containers.
     */
    public static FederationStandIns start(String bindAddress, int oktaPort, int stsPort, int redshiftApiPort,
                                           OktaDirectory directory, LocalPostgres postgres, Set<String> superusers) throws IOException {
        StandInTls tls = StandInTls.shared();
        OktaStandIn okta = OktaStandIn.start(tls, bindAddress, oktaPort, directory);
        StsStandIn sts = StsStandIn.start(tls, bindAddress, stsPort, okta);
        RedshiftApiStandIn redshiftApi = RedshiftApiStandIn.start(tls, bindAddress, redshiftApiPort, postgres, sts,
                RedshiftApiStandIn.DEFAULT_CLUSTER, superusers);
        return new FederationStandIns(okta, sts, redshiftApi);
    }

    /** The Okta host for {@code config.okta.idpHost}: {@code 127.0.0.1:<port>}. */
    public String idpHost() {
        return okta.idpHost();
    }

    public String stsEndpoint() {
        return sts.endpoint();
    }

    public String redshiftApiEndpoint() {
        return redshiftApi.endpoint();
    }

    @Override
    public void close() {
        redshiftApi.close();
        sts.close();
        okta.close();
    }
}
