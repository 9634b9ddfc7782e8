package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tributary.gateway.persistence.GovernedUserRecord;

import java.util.List;
import java.util.Map;

/** A user's entitlements as the API shows them, under the name as it was written. */
@JsonPropertyOrder({"userName", "attributes", "groups"})
public record UserView(String userName, Map<String, List<String>> attributes, List<String> groups) {

    static UserView of(GovernedUserRecord user) {
        return new UserView(user.writtenName(), user.attributes(), user.groups());
    }
}
