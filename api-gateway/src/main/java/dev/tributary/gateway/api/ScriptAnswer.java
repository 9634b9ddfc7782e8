package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A manual-setup script and where to run it. Passwords appear in it only as salted verifiers. */
@JsonPropertyOrder({"database", "dialect", "script"})
public record ScriptAnswer(String database, String dialect, String script) {
}
