package dev.verdict.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.localkit.FunctionSpec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.Optional;

/**
 * A function's handler in this process, built as the local stack builds it: the class template.yaml names, by name,
 * through its ApplicationContextBuilder constructor with the function's environment as properties, plus singletons
 * (request-counting interceptors) the measurement needs.
 */
final class InProcessHandlers {

    private InProcessHandlers() {
    }

    /** Empty when the handler's module is not on this jar's classpath. */
    static Optional<RequestHandler<Object, Object>> create(BenchStack stack, FunctionSpec function, Object... singletons) {
        return create(stack, function, stack.environment(function), singletons);
    }

    /** The same with an explicit environment (a function pointed at another set of tables). */
    @SuppressWarnings("unchecked")
    static Optional<RequestHandler<Object, Object>> create(BenchStack stack, FunctionSpec function,
                                                           java.util.Map<String, String> environment, Object... singletons) {
        Class<?> type;
        try {
            type = Class.forName(function.handlerClass());
        } catch (ClassNotFoundException absent) {
            return Optional.empty();
        }
        ApplicationContextBuilder context = ApplicationContext.builder()
                .properties(ServiceConfig.asProperties(environment))
                .singletons(singletons);
        try {
            return Optional.of((RequestHandler<Object, Object>) type.getConstructor(ApplicationContextBuilder.class)
                    .newInstance(context));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start " + function.handlerClass(), e);
        }
    }
}
