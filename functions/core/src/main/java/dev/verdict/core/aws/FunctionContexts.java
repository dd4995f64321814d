package dev.verdict.core.aws;

import dev.verdict.core.config.ConfigurationError;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * How a handler's context is built on Lambda. Micronaut's Lambda builder creates every singleton of the jar at INIT,
 * and two functions share each jar (votes and voters, the stream and the recompute, signups and the mailer): each
 * would then build the other's beans and need the other's settings. Without that, INIT builds exactly what the
 * handler injects (its whole graph, so a SnapStart snapshot still holds everything an invocation uses), and each
 * function reads only its own settings, as the local stack and the tests already build it.
 */
public final class FunctionContexts {

    /**
     * Micronaut's Lambda handler logs whatever fails its start before rethrowing it, and the runtime then reports the
     * same failure in Lambda's log: kept as a field, since java.util.logging holds its loggers weakly.
     */
    private static final Logger HANDLER_LOG = Logger.getLogger("io.micronaut.function.aws.MicronautRequestHandler");

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

    /**
     * The handler's context as Lambda's path starts it ({@code start}), with the handler injected, so that whatever its
     * fields need is built here. A setting that is missing or malformed then ends INIT as the {@link ConfigurationError}
     * itself, one line naming the variable, rather than inside Micronaut's bean-creation failure (the path through the
     * beans and a stack trace, which say nothing about the environment). Other failures go on as they were.
     */
    public static ApplicationContext started(Object handler, Supplier<ApplicationContext> start) {
        try {
            ApplicationContext context = start.get();
            context.inject(handler);
            return context;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConfigurationError error) {
                    // The runtime's report is the one line; Micronaut's copy of it (two more) is left out.
                    HANDLER_LOG.setFilter(line -> !(line.getThrown() instanceof ConfigurationError));
                    throw error;
                }
            }
            throw e;
        }
    }
}
