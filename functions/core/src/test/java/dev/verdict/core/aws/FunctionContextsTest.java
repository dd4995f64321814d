package dev.verdict.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.config.ConfigurationError;
import dev.verdict.core.config.Settings;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionContextsTest {

    @Test
    void aSettingsFailureDeepInBeanCreationEndsTheStartAsItself() {
        ConfigurationError missing = new ConfigurationError("missing configuration: VOTES_TABLE");

        assertThatThrownBy(() -> FunctionContexts.started(new Object(), () -> {
            throw new BeanInstantiationException("Error instantiating bean of type [VotesApi]",
                    new IllegalStateException("wrapped", missing));
        })).isSameAs(missing);
    }

    @Test
    void anyOtherFailureGoesOnAsItWas() {
        BeanInstantiationException other = new BeanInstantiationException("Error instantiating bean of type [VotesApi]",
                new IllegalArgumentException("not about settings"));

        assertThatThrownBy(() -> FunctionContexts.started(new Object(), () -> {
            throw other;
        })).isSameAs(other);
    }

    @Test
    void theSettingsFailureIsOneLineWithoutAStackTrace() {
        Settings settings = new Settings(Map.of("VOTE_CHANGE_INTERVAL_SECONDS", "abc")::get);

        assertThatThrownBy(() -> settings.positive("VOTE_CHANGE_INTERVAL_SECONDS", 2))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("VOTE_CHANGE_INTERVAL_SECONDS must be a positive whole number")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThatThrownBy(() -> settings.require("VOTES_TABLE"))
                .isInstanceOf(ConfigurationError.class).hasMessage("missing configuration: VOTES_TABLE")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }
}
