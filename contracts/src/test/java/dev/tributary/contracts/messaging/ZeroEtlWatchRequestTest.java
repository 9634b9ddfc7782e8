package dev.tributary.contracts.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A watch batch is answered only whole: anything missing would be answered wrongly, so it is malformed. */
class ZeroEtlWatchRequestTest {
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:integration:5b2f0c7a-1e01-4d9f-be52-89e6c44083e5";

    private static ZeroEtlWatchRequest.Member member(String arn) {
        return new ZeroEtlWatchRequest.Member("7", UUID.randomUUID(), arn);
    }

    @Test
    void aWholeBatchIsTakenAsItIs() {
        ZeroEtlWatchRequest request = new ZeroEtlWatchRequest("us-east-1", List.of(member(ARN)));
        assertSame(request, request.requireWhole());
    }

    @Test
    void aBatchWithoutRegionMembersOrArnsOrWithMoreThanAPageIsMalformed() {
        List<ZeroEtlWatchRequest.Member> tooMany = new ArrayList<>(Collections.nCopies(ZeroEtlWatchRequest.MAX_BATCH + 1, member(ARN)));
        List<ZeroEtlWatchRequest> broken = List.of(
                new ZeroEtlWatchRequest(" ", List.of(member(ARN))),
                new ZeroEtlWatchRequest("us-east-1", List.of()),
                new ZeroEtlWatchRequest("us-east-1", tooMany),
                new ZeroEtlWatchRequest("us-east-1", List.of(member(null))),
                new ZeroEtlWatchRequest("us-east-1", List.of(new ZeroEtlWatchRequest.Member("7", null, ARN))));
        for (ZeroEtlWatchRequest request : broken) {
            MalformedMessageException refused = assertThrows(MalformedMessageException.class, request::requireWhole);
            assertTrue(refused.getMessage().startsWith("a zero-ETL watch"), refused.getMessage());
        }
    }
}
