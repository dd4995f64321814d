package dev.verdict.bench.launch;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * The main of a cold-start child process, doing what Lambda's Java runtime does for a new execution environment:
 * load the handler class by name from the function's jar (the only other thing on the classpath), construct it with
 * its no-arg constructor (INIT: configuration from the process's real environment variables), then invoke it once
 * with one event. It prints one line, {@code VERDICT-COLD key=value ...}, that the parent reads.
 *
 * <p>The time reported is from the JVM's start (RuntimeMXBean's start time, taken by the VM as it is created) to the
 * first response returned by the handler. The management classes are touched only after that point, so measuring adds
 * nothing to what is measured.
 *
 * <p>Arguments: {@code <handler class> <event argument>...} (see {@link Events}).
 */
public final class ColdLauncher {

    public static final String MARKER = "VERDICT-COLD";
    /** System property: start the handler without Micronaut's eager singleton initialisation (a diagnostic). */
    public static final String WITHOUT_EAGER_INIT = "verdict.bench.withoutEagerInit";
    /** System property: the function's timeout from template.yaml, for the context's remaining time. */
    public static final String TIMEOUT_MILLIS = "verdict.bench.timeoutMillis";

    private ColdLauncher() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        String handlerClass = args[0];
        List<String> eventArgs = Arrays.asList(args).subList(1, args.length);

        Class<?> type = Class.forName(handlerClass);
        RequestHandler<Object, Object> handler = Boolean.getBoolean(WITHOUT_EAGER_INIT)
                ? withoutEagerInit(type)
                : (RequestHandler<Object, Object>) type.getConstructor().newInstance();
        long initDoneAt = System.currentTimeMillis();

        Object event = Events.build(eventArgs);
        Object response = handler.handleRequest(event, LambdaContext.of(type.getSimpleName(), Long.getLong(TIMEOUT_MILLIS, 10_000)));
        long respondedAt = System.currentTimeMillis();

        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(MARKER
                + " jvmToResponseMs=" + (respondedAt - jvmStart)
                + " jvmToMainMs=" + (mainAt - jvmStart)
                + " initMs=" + (initDoneAt - mainAt)
                + " invokeMs=" + (respondedAt - initDoneAt)
                + " classes=" + classes
                + " outcome=" + outcome(response));
        System.out.flush();
        // Like a Lambda environment frozen after its response: nothing after this point is measured.
        System.exit(0);
    }

    /**
     * A diagnostic variant, not how Lambda starts a handler: through the handler's ApplicationContextBuilder constructor
     * with a plain Micronaut builder, which (unlike the no-arg constructor's LambdaApplicationContextBuilder) does not
     * turn on eager initialisation of every singleton and configuration. Configuration still comes from the real
     * environment variables. Reflection keeps Micronaut off this class's compile-time classpath.
     */
    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> withoutEagerInit(Class<?> type) throws ReflectiveOperationException {
        Class<?> contextType = Class.forName("io.micronaut.context.ApplicationContext");
        Class<?> builderType = Class.forName("io.micronaut.context.ApplicationContextBuilder");
        Object builder = contextType.getMethod("builder").invoke(null);
        return (RequestHandler<Object, Object>) type.getConstructor(builderType).newInstance(builder);
    }

    /** "ok" for a successful response; anything else names what went wrong so the parent refuses the sample. */
    public static String outcome(Object response) {
        if (response instanceof APIGatewayV2HTTPResponse http) {
            return http.getStatusCode() >= 200 && http.getStatusCode() < 300 ? "ok" : "status-" + http.getStatusCode();
        }
        if (response instanceof StreamsEventResponse stream) {
            return stream.getBatchItemFailures() == null || stream.getBatchItemFailures().isEmpty()
                    ? "ok" : "batchItemFailures-" + stream.getBatchItemFailures().size();
        }
        return "ok";
    }
}
