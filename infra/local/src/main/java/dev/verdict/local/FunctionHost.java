package dev.verdict.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LocalLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function of template.yaml, hosted as Lambda hosts it: the handler class named by {@code Handler} is instantiated
 * by name with the function's environment, and each instance (a "container") serves one event at a time. Instances are
 * added, up to a limit, when every existing one is busy, which is how Lambda scales out.
 */
final class FunctionHost implements AutoCloseable {

    private static final int MAX_INSTANCES = 4;

    private final FunctionSpec spec;
    private final Duration timeout;
    private final Map<String, Object> properties;
    private final LinkedBlockingDeque<RequestHandler<Object, Object>> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger instances = new AtomicInteger();

    FunctionHost(FunctionSpec spec, Map<String, String> environment, Duration timeout) {
        this.spec = spec;
        this.timeout = timeout;
        this.properties = ServiceConfig.asProperties(environment);
    }

    FunctionSpec spec() {
        return spec;
    }

    /** Runs INIT for one instance now, so the first request does not pay for it. */
    void warm() {
        idle.offer(newInstance());
    }

    Object invoke(Object event) throws InterruptedException {
        RequestHandler<Object, Object> handler = idle.pollFirst();
        if (handler == null) {
            handler = instances.get() < MAX_INSTANCES ? newInstance() : idle.takeFirst();
        }
        try {
            Context context = LocalLambdaContext.startingNow(spec.logicalId(), timeout);
            return handler.handleRequest(event, context);
        } finally {
            idle.offerFirst(handler);
        }
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<Object, Object> newInstance() {
        instances.incrementAndGet();
        try {
            ApplicationContextBuilder context = ApplicationContext.builder().properties(properties);
            Class<?> type = Class.forName(spec.handlerClass());
            return (RequestHandler<Object, Object>) type.getConstructor(ApplicationContextBuilder.class).newInstance(context);
        } catch (ReflectiveOperationException e) {
            instances.decrementAndGet();
            throw new IllegalStateException("cannot start " + spec.logicalId() + " (" + spec.handlerClass() + ")", e);
        }
    }

    @Override
    public void close() {
        for (RequestHandler<Object, Object> handler : idle) {
            if (handler instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // shutting down: nothing useful to do with a failure here
                }
            }
        }
    }
}
