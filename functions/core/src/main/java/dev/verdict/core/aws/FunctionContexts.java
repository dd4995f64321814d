package dev.verdict.core.aws;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * How a handler's context is built on Lambda. Micronaut's Lambda builder creates every singleton of the jar at INIT,
 * and two functions share each jar (votes and voters, the stream and the recompute, signups and the mailer): each
 * would then build the other's beans and need the other's settings. Without that, INIT builds exactly what the
 * handler injects (its whole graph, so a SnapStart snapshot still holds everything an invocation uses), and each
 * function reads only its own settings, as the local stack and the tests already build it.
 */
public final class FunctionContexts {

    private FunctionContexts() {
    }

    /**
     * What micronaut-function-aws's LambdaApplicationContextBuilder sets (the function and lambda environments, eager
     * configuration) but for eager singletons, which once set on a builder cannot be unset.
     */
    public static ApplicationContextBuilder onlyWhatTheHandlerInjects() {
        // The environments are named; nothing of ours depends on a deduced one (no application.yml, no @Requires(env)),
        // so the deduction's probes of the process and the machine are skipped.
        return ApplicationContext.builder().environments("function", "lambda")
                .deduceEnvironment(false).deduceCloudEnvironment(false)
                .eagerInitConfiguration(true);
    }
}
