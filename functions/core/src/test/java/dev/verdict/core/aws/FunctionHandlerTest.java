package dev.verdict.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A handler started as Lambda starts it: by its no-argument constructor, with no context builder given. */
class FunctionHandlerTest {

    /** Injects nothing of ours, so its start needs no settings at all. */
    public static final class Greeting extends FunctionHandler<String, String> {
        @Override
        public String execute(String name) {
            return "hello " + name;
        }
    }

    @Test
    void buildsOnlyWhatItInjectsSoNoOtherFunctionsSettingIsAskedFor() {
        // Micronaut's own Lambda builder makes every singleton eager: this start would then fail on the first setting
        // another function's beans need (ALLOWED_ORIGIN, the tables), none of which is set here.
        try (Greeting handler = new Greeting()) {
            assertThat(handler.getApplicationContext().getEnvironment().getActiveNames())
                    .containsExactlyInAnyOrder("function", "lambda");
            assertThat(handler.handleRequest("you", null)).isEqualTo("hello you");
        }
    }
}
