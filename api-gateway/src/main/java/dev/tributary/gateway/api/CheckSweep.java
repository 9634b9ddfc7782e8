package dev.tributary.gateway.api;

/**
 * What {@code POST /checks/sweep} did.
 *
 * @param due integrations whose periodic check it made due now: every idle one in a status checks move between that
 *            can be checked (a system account, or an integration in RDS); the scheduler sends them from its next tick
 *            on, within its in-flight bound
 */
public record CheckSweep(int due) {
}
