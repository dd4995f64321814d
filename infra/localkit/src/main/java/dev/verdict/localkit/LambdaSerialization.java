package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events in and responses out as Lambda's Java runtime (the Runtime Interface Client) does it for a handler named by
 * its class: the event and response types are RequestHandler's type arguments as the class binds them, and each is
 * (de)serialised by aws-lambda-java-serialization: the event library's own mappings for the events it supports
 * (ScheduledEvent, DynamodbTimeWindowEvent, …), its Jackson configuration for everything else (the API Gateway v2
 * types, TimeWindowEventResponse). This is the runtime's {@code EventHandlerLoader.getSerializer}, minus the Android
 * branch, so what a handler sees in-process is what it sees on Lambda.
 */
public final class LambdaSerialization {

    /** A handler's event and response types; {@code output} is null for {@code Void}. */
    public record Types(Type input, Type output) {
    }

    private static final Map<Type, PojoSerializer<Object>> SERIALIZERS = new ConcurrentHashMap<>();

    private LambdaSerialization() {
    }

    /**
     * RequestHandler's type arguments as {@code handlerClass} binds them, through its superclasses' type variables
     * (MicronautRequestHandler&lt;I, O&gt; implements RequestHandler&lt;I, O&gt;).
     *
     * @throws IllegalArgumentException when they are not concrete classes, which the runtime refuses too
     */
    public static Types of(Class<?> handlerClass) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> type = handlerClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Type iface : type.getGenericInterfaces()) {
                // By name: a jar under inspection may bring its own copy of the interface (the contract test loads it apart).
                if (iface instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                        && raw.getName().equals(RequestHandler.class.getName())) {
                    Type input = resolve(p.getActualTypeArguments()[0], bindings);
                    Type output = resolve(p.getActualTypeArguments()[1], bindings);
                    if (input instanceof TypeVariable<?> || output instanceof TypeVariable<?>) {
                        break;
                    }
                    return new Types(input, output == Void.class ? null : output);
                }
            }
            if (type.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                TypeVariable<?>[] variables = raw.getTypeParameters();
                for (int i = 0; i < variables.length; i++) {
                    bindings.put(variables[i], resolve(p.getActualTypeArguments()[i], bindings));
                }
            }
        }
        throw new IllegalArgumentException("Class " + handlerClass.getName()
                + " does not implement RequestHandler with concrete type parameters");
    }

    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable<?> variable && bindings.containsKey(variable) ? bindings.get(variable) : type;
    }

    /** The serializer the runtime uses for {@code type}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static PojoSerializer<Object> serializer(Type type) {
        return SERIALIZERS.computeIfAbsent(type, t -> {
            if (t instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
                return (PojoSerializer) LambdaEventSerializers.serializerFor(c, c.getClassLoader());
            }
            return JacksonFactory.getInstance().getSerializer(t);
        });
    }

    /** The event as the handler receives it. */
    public static Object read(byte[] json, Type type) {
        return serializer(type).fromJson(new ByteArrayInputStream(json));
    }

    /** The response as the runtime sends it back; {@code null} for a handler that returns nothing. */
    public static byte[] write(Object value, Type type) {
        if (type == null) {
            return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        serializer(type).toJson(value, out);
        return out.toByteArray();
    }
}
