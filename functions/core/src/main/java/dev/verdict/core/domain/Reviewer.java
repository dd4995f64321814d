package dev.verdict.core.domain;

/** A member of the review panel. */
public record Reviewer(String id, String name, String role) {
    public Reviewer {
        Require.id("id", id);
        Require.text("name", name);
        Require.text("role", role);
    }
}
