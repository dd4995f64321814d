package dev.verdict.core.domain;

/** One panel reviewer's verdict on one tool of a comparison, with the reason in a sentence. */
public record Review(Reviewer reviewer, String toolId, Verdict verdict, String quote) {
    public Review {
        Require.present("reviewer", reviewer);
        Require.id("toolId", toolId);
        Require.present("verdict", verdict);
        Require.text("quote", quote);
    }
}
