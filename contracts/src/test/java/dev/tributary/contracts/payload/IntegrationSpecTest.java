package dev.tributary.contracts.payload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IntegrationSpecTest {
    private static final RedshiftConfig OKTA = new RedshiftConfig("cluster.example.com", 5439, "Immuta", "dev",
            Impersonation.DISABLED, AuthenticationType.OKTA, new OktaSettings("Okta", "example.okta.com", "admin"));

    @Test
    void theSystemAccountOfAnAutomaticOktaSetupSignsInWithItsPasswordAndEveryoneElseThroughOkta() {
        IntegrationSpec automatic = new IntegrationSpec(IntegrationType.REDSHIFT, true, OKTA);
        assertEquals(AuthenticationType.USER_PASSWORD, automatic.signInAs("immuta_system").authenticationType(),
                "a migration without credentials logs in as the system account, a password user");
        assertEquals(AuthenticationType.USER_PASSWORD, automatic.signInAs("IMMUTA_SYSTEM").authenticationType());
        assertEquals(AuthenticationType.OKTA, automatic.signInAs("taylor@redshift.com").authenticationType(),
                "the privileged Okta identity of an edit or a delete");
        assertEquals(AuthenticationType.OKTA, automatic.signInAs(null).authenticationType());
    }

    @Test
    void aManualOktaSetupsSystemUserIsTheOktaIdentitySoItSignsInThroughOkta() {
        IntegrationSpec manual = new IntegrationSpec(IntegrationType.REDSHIFT, false, OKTA);
        assertEquals(AuthenticationType.OKTA, manual.signInAs("immuta_system").authenticationType());
        assertEquals(AuthenticationType.OKTA, manual.systemAccountTarget().authenticationType());
    }
}
