package dev.verdict.core.domain;

/** The pricing read: what it costs to start, under which model, and what to watch for. */
public record Pricing(String entry, String model, String notes) {
    public Pricing {
        Require.text("entry", entry);
        Require.text("model", model);
        notes = notes == null ? "" : notes;
    }
}
