package dev.tributary.validation.service;

import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.ProviderError;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.IntegrationError;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A watch batch's answers from the integrations DescribeIntegrations listed. */
class ZeroEtlWatchTest {
    private static final Instant CREATED = Instant.parse("2026-11-30T08:00:00Z");

    private static ZeroEtlWatchRequest.Member member(String id) {
        return new ZeroEtlWatchRequest.Member(id, UUID.randomUUID(), "arn:aws:rds:us-east-1:123456789012:integration:" + id);
    }

    private static Integration described(ZeroEtlWatchRequest.Member member, String status, IntegrationError... errors) {
        return Integration.builder().integrationArn(member.integrationArn()).status(status).createTime(CREATED)
                .errors(errors).build();
    }

    private static ValidationTest onlyTest(RevalidationCompleted completed) {
        assertEquals(1, completed.validationResults().validationTests().size());
        return completed.validationResults().validationTests().get(0);
    }

    @Test
    void eachMemberIsAnsweredFromItsOwnIntegrationInItsOrder() {
        List<ZeroEtlWatchRequest.Member> members = List.of(member("a"), member("b"), member("c"), member("d"));
        List<ZeroEtlWatch.Answer> answers = ZeroEtlWatch.answers(members, List.of(described(members.get(3), "syncing"),
                described(members.get(0), "active"), described(members.get(1), "creating"), described(members.get(2), "modifying")));
        assertEquals(members, answers.stream().map(ZeroEtlWatch.Answer::member).toList());
        for (ZeroEtlWatch.Answer answer : answers) {
            ValidationTest test = onlyTest(answer.completed());
            assertEquals(ZeroEtlWatch.HEALTHY, test.name());
            assertEquals(TestStatus.PASSED, test.status());
            assertEquals(List.of(answer.completed().provider().status()), test.result());
            assertEquals(answer.member().integrationArn(), answer.completed().provider().integrationArn());
            assertEquals(CREATED, answer.completed().provider().createTime());
            assertNull(answer.completed().supportObjectsVersion());
        }
        assertEquals("syncing", answers.get(3).completed().provider().status());
    }

    @Test
    void anIntegrationThatNeedsAttentionFailsWithItsErrorsAndWhatToDo() {
        ZeroEtlWatchRequest.Member member = member("a");
        RevalidationCompleted completed = ZeroEtlWatch.answers(List.of(member), List.of(described(member, "needs_attention",
                IntegrationError.builder().errorCode("TABLES_IN_ERROR").errorMessage("shop.orders has no primary key").build())))
                .get(0).completed();
        ValidationTest test = onlyTest(completed);
        assertEquals(TestStatus.FAILED, test.status());
        assertEquals("RDS reports the integration needs_attention: TABLES_IN_ERROR: shop.orders has no primary key. Fix what"
                + " the errors name in the source (its parameters, or the tables it cannot replicate) and wait for RDS to"
                + " resume it, or refresh the tables in error with POST /integrations/{id}/refresh.", test.message());
        assertEquals(List.of(new ProviderError("TABLES_IN_ERROR", "shop.orders has no primary key")), completed.provider().errors());
        assertEquals("needs_attention", completed.provider().status());
    }

    @Test
    void aFailedIntegrationIsToldToBeCreatedAgain() {
        ZeroEtlWatchRequest.Member member = member("a");
        ValidationTest test = onlyTest(ZeroEtlWatch.answers(List.of(member), List.of(described(member, "failed"))).get(0).completed());
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().startsWith("RDS reports the integration failed: no errors given."), test.message());
        assertTrue(test.message().contains("delete it and create it again"), test.message());
    }

    @Test
    void anIntegrationRdsNoLongerListsIsReportedDeleted() {
        ZeroEtlWatchRequest.Member gone = member("a");
        ZeroEtlWatchRequest.Member there = member("b");
        List<ZeroEtlWatch.Answer> answers = ZeroEtlWatch.answers(List.of(gone, there), List.of(described(there, "active")));
        RevalidationCompleted completed = answers.get(0).completed();
        assertEquals("deleted", completed.provider().status());
        assertEquals(gone.integrationArn(), completed.provider().integrationArn());
        ValidationTest test = onlyTest(completed);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().startsWith("RDS no longer lists the integration " + gone.integrationArn()), test.message());
        assertEquals(TestStatus.PASSED, answers.get(1).completed().validationResults().status());
    }
}
