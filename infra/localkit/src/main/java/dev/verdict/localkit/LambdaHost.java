package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.PropertySource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A function of template.yaml hosted in this JVM the way Lambda's Java runtime hosts it, for the local stack, the tests
 * and the bench: the event arrives as JSON and is read into the handler's own event type by the runtime's
 * serialization ({@link LambdaSerialization}), the handler runs with a Lambda context, and its response goes back as
 * the JSON the runtime would send (or as the function error the runtime would report). Each instance (an "execution
 * environment") serves one event at a time; instances are added, up to a limit, while every one is busy, as Lambda
 * scales out.
 */
public final class LambdaHost implements LambdaInvoker, AutoCloseable {

    private static final int MAX_INSTANCES = 4;

    private final String functionName;
    private final Duration timeout;
    private final Supplier<RequestHandler<Object, Object>> factory;
    private final LambdaSerialization.Types types;
    private final LinkedBlockingDeque<RequestHandler<Object, Object>> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger instances = new AtomicInteger();
    private final int maxInstances;

    private LambdaHost(String functionName, Duration timeout, Class<?> handlerClass,
                       Supplier<RequestHandler<Object, Object>> factory, int maxInstances) {
        this.functionName = functionName;
        this.timeout = timeout;
        this.factory = factory;
        this.types = LambdaSerialization.of(handlerClass);
        this.maxInstances = maxInstances;
    }

    /**
     * The handler class template.yaml names for {@code function}, built as Micronaut builds it on Lambda but with the
     * function's environment as a property source under Micronaut's environment-variable convention (so
     * {@code CONTENT_TABLE} is {@code content.table}, as from real variables), plus {@code singletons} a test or
     * benchmark adds (request counters, failure injectors).
     */
    public static LambdaHost of(FunctionSpec function, Map<String, String> environment, Duration timeout, Object... singletons) {
        Class<?> type;
        try {
            type = Class.forName(function.handlerClass());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot start " + function.logicalId() + ": no class " + function.handlerClass(), e);
        }
        Map<String, Object> variables = new LinkedHashMap<>(environment);
        return new LambdaHost(function.logicalId(), timeout, type, () -> {
            ApplicationContextBuilder context = ApplicationContext.builder()
                    .propertySources(PropertySource.of("lambda-environment", variables,
                            PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                    .singletons(singletons);
            try {
                @SuppressWarnings("unchecked")
                RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) type
                        .getConstructor(ApplicationContextBuilder.class).newInstance(context);
                return handler;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot start " + function.logicalId() + " (" + function.handlerClass() + ")", e);
            }
        }, MAX_INSTANCES);
    }

    /** One handler instance a test built itself, reached through the same runtime path. */
    @SuppressWarnings("unchecked")
    public static LambdaHost around(RequestHandler<?, ?> handler, String functionName, Duration timeout) {
        RequestHandler<Object, Object> only = (RequestHandler<Object, Object>) handler;
        return new LambdaHost(functionName, timeout, handler.getClass(), () -> only, 1);
    }

    public String functionName() {
        return functionName;
    }

    /** Runs INIT for one instance now, so the first event does not wait for it. */
    public LambdaHost warm() {
        idle.offer(newInstance());
        return this;
    }

    @Override
    public LambdaResult invoke(byte[] event) {
        return invoke(event, LocalLambdaContext.startingNow(functionName, timeout));
    }

    /** The same with a context the caller made (a test scripting the time left). */
    public LambdaResult invoke(byte[] event, Context context) {
        RequestHandler<Object, Object> handler = idle.pollFirst();
        try {
            if (handler == null) {
                handler = instances.get() < maxInstances ? newInstance() : idle.takeFirst();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LambdaResult.failure(e);
        } catch (RuntimeException initFailure) {
            return logged(LambdaResult.failure(initFailure));
        }
        try {
            return logged(call(handler, event, context));
        } finally {
            idle.offerFirst(handler);
        }
    }

    /** What the runtime's PojoHandlerAsStreamHandler does: read, handle, write, each failure reported as it reports it. */
    private LambdaResult call(RequestHandler<Object, Object> handler, byte[] event, Context context) {
        Object input;
        try {
            input = LambdaSerialization.read(event, types.input());
        } catch (RuntimeException e) {
            return LambdaResult.failure(new RuntimeException("An error occurred during JSON parsing", e));
        }
        Object output;
        try {
            output = handler.handleRequest(input, context);
        } catch (RuntimeException | Error e) {
            return LambdaResult.failure(e);
        }
        try {
            return LambdaResult.success(LambdaSerialization.write(output, types.output()));
        } catch (RuntimeException e) {
            return LambdaResult.failure(new RuntimeException("An error occurred during JSON serialization of response", e));
        }
    }

    /** A function error is logged as the runtime logs it: one line naming the function, the type and the message. */
    private LambdaResult logged(LambdaResult result) {
        if (!result.ok()) {
            System.err.println("{\"level\":\"ERROR\",\"function\":\"" + functionName + "\",\"errorType\":\""
                    + result.errorType() + "\",\"errorMessage\":" + quote(result.errorMessage()) + "}");
        }
        return result;
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private RequestHandler<Object, Object> newInstance() {
        instances.incrementAndGet();
        try {
            return factory.get();
        } catch (RuntimeException e) {
            instances.decrementAndGet();
            throw e;
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
