package dev.tributary.gateway.service;

import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.GovernedUserRecord;
import dev.tributary.gateway.persistence.GovernedUserRepository;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Users' entitlements. A change raises the user's revision and queues the user's entry for every governable
 * integration's target in the same transaction; an integration that becomes governable (its create succeeded) gets
 * every user. Both take the users' lock, so no change falls between the two.
 */
@ApplicationScoped
public class GovernedUsers {
    @Inject
    GovernedUserRepository users;
    @Inject
    IntegrationRepository registry;
    @Inject
    GovernanceOutbox outbox;
    @Inject
    OutboxRelay relay;

    /** Stores a user's entitlements; true when the user is new (or was deleted). */
    public boolean put(String userName, Entitlements entitlements) {
        boolean created = QuarkusTransaction.requiringNew().call(() -> {
            users.lockUsers();
            GovernedUserRepository.Stored stored = users.put(userName, entitlements);
            queueForAll(new UserProfile(userName, entitlements, stored.revision()));
            return stored.created();
        });
        relay.wakeUp();
        return created;
    }

    /** Deletes a user: every target removes the user's rows, so the user sees no row through any governed view. */
    public void delete(String userName) {
        QuarkusTransaction.requiringNew().run(() -> {
            users.lockUsers();
            GovernedUserRecord user = users.findLive(userName).orElseThrow(() -> notFound(userName));
            long revision = users.delete(userName).orElseThrow(() -> notFound(userName));
            queueForAll(new UserProfile(user.writtenName(), null, revision));
        });
        relay.wakeUp();
    }

    public GovernedUserRecord get(String userName) {
        return users.findLive(userName).orElseThrow(() -> notFound(userName));
    }

    public List<GovernedUserRecord> list() {
        return users.live();
    }

    /**
     * Queues every live user's entry for one integration's target, in the caller's transaction: the integration just
     * became governable. Nothing is queued when there are no users.
     */
    public void queueAllFor(IntegrationRecord integration) {
        users.lockUsers();
        List<UserProfile> profiles = users.live().stream().map(GovernedUsers::profile).toList();
        if (!profiles.isEmpty()) {
            outbox.command(integration, new GovernanceChange.Profiles(profiles));
        }
    }

    /** Every user as the targets should hold them, deleted ones as removals: what a check compares. */
    public List<UserProfile> allProfiles() {
        return users.everyone().stream().map(GovernedUsers::profile).toList();
    }

    static UserProfile profile(GovernedUserRecord user) {
        return new UserProfile(user.writtenName(), user.deleted() ? null : new Entitlements(user.attributes(), user.groups()),
                user.revision());
    }

    private void queueForAll(UserProfile profile) {
        for (IntegrationRecord integration : registry.findGovernable()) {
            outbox.command(integration, new GovernanceChange.Profiles(List.of(profile)));
        }
    }

    private static GovernanceNotFoundException notFound(String userName) {
        return new GovernanceNotFoundException("No user found with name " + userName + ".");
    }
}
