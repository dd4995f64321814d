package dev.verdict.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the values the functions answer and log with (records, maps, iterables, arrays, strings, numbers, booleans,
 * enums, null and trees databind has already built) as JSON, the same text jackson-databind writes for them.
 * Databind's writing path is about 500 classes, which every function loaded on its first answer: a cold start's
 * largest cost after the SDK's own (docs/performance.md). This is one class; {@link JsonReader} is its reading half.
 *
 * <p>Anything else (a bean, a date) is refused rather than written in some shape of our own invention: it would be a
 * value no test has seen written.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * A record type's components, which of them are left out when null, and a getter that is not a component, which
     * databind would also write (null if none); found once per type.
     */
    record Shape(RecordComponent[] components, boolean[] omitNull, String otherGetter) {
    }

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private final boolean lenient;
    private final StringBuilder out = new StringBuilder(256);

    private JsonWriter(boolean lenient) {
        this.lenient = lenient;
    }

    /** A body: a value of a type not listed above is an IllegalArgumentException. */
    static String write(Object value) {
        JsonWriter writer = new JsonWriter(false);
        writer.value(value);
        return writer.out.toString();
    }

    /**
     * A log line: a value of a type not listed above is written as its {@code toString()}, and a record with other
     * getters as its components alone, because a log call must not fail the request it describes.
     */
    static String writeLine(Map<String, ?> line) {
        JsonWriter writer = new JsonWriter(true);
        writer.value(line);
        return writer.out.toString();
    }

    private void value(Object value) {
        switch (value) {
            case null -> out.append("null");
            case CharSequence text -> string(text);
            case Boolean b -> out.append(b.booleanValue());
            case Double d -> decimal(d, Double.isFinite(d), Double.toString(d));
            case Float f -> decimal(f, Float.isFinite(f), Float.toString(f));
            case Integer n -> out.append(n.intValue());
            case Long n -> out.append(n.longValue());
            case Short n -> out.append(n.shortValue());
            case Byte n -> out.append(n.byteValue());
            case BigInteger n -> out.append(n);
            case BigDecimal n -> out.append(n);
            case Enum<?> e -> string(e.name());
            case Character c -> string(String.valueOf(c));
            case JsonNode node -> out.append(node); // a tree already made (its toString is its JSON)
            case Map<?, ?> map -> object(map);
            case Iterable<?> items -> array(items);
            case Record record -> record(record);
            default -> {
                if (value.getClass().isArray()) {
                    array(value);
                } else if (lenient) {
                    string(value.toString());
                } else {
                    throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
                }
            }
        }
    }

    /** Databind writes NaN and the infinities as strings ("NaN"), not as the bare words JSON has no room for. */
    private void decimal(Number number, boolean finite, String text) {
        if (finite) {
            out.append(text);
        } else {
            string(number.toString());
        }
    }

    private void object(Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(String.valueOf(entry.getKey()));
            out.append(':');
            value(entry.getValue());
        }
        out.append('}');
    }

    private void array(Iterable<?> items) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(item);
        }
        out.append(']');
    }

    private void array(Object array) {
        out.append('[');
        for (int i = 0, n = Array.getLength(array); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            value(Array.get(array, i));
        }
        out.append(']');
    }

    private void record(Record record) {
        Shape shape = SHAPES.computeIfAbsent(record.getClass(), JsonWriter::shape);
        if (shape.otherGetter() != null && !lenient) {
            // None of ours is written; one appearing in a written record is a change to look at, not to drop silently.
            throw new IllegalArgumentException(record.getClass().getName() + "." + shape.otherGetter()
                    + "() would be a JSON property too; write a record without it");
        }
        out.append('{');
        boolean first = true;
        for (int i = 0; i < shape.components().length; i++) {
            RecordComponent component = shape.components()[i];
            Object value = read(component, record);
            if (value == null && shape.omitNull()[i]) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(component.getName());
            out.append(':');
            value(value);
        }
        out.append('}');
    }

    /** Package-private for the tests: a write keeps the first shape it finds for a type. */
    static Shape shape(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        String otherGetter = null;
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                    && method.getParameterCount() == 0 && isGetter(method)
                    && !isComponent(components, method.getName())) {
                otherGetter = method.getName();
            }
        }
        boolean omitRecord = omitsNull(type.getAnnotation(JsonInclude.class));
        boolean[] omit = new boolean[components.length];
        for (int i = 0; i < components.length; i++) {
            // JsonInclude cannot target a record component: javac puts it on the accessor (and the field).
            JsonInclude own = components[i].getAccessor().getAnnotation(JsonInclude.class);
            omit[i] = own != null ? omitsNull(own) : omitRecord;
            components[i].getAccessor().setAccessible(true);
        }
        return new Shape(components, omit, otherGetter);
    }

    /** As databind finds getters: get* returning something, is* returning a boolean, any letter after the prefix. */
    private static boolean isGetter(Method method) {
        String name = method.getName();
        Class<?> type = method.getReturnType();
        return name.startsWith("get") ? name.length() > 3 && type != void.class
                : name.startsWith("is") && name.length() > 2 && (type == boolean.class || type == Boolean.class);
    }

    private static boolean isComponent(RecordComponent[] components, String name) {
        for (RecordComponent component : components) {
            if (component.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean omitsNull(JsonInclude include) {
        return include != null && include.value() == JsonInclude.Include.NON_NULL;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    /** Escaped as databind escapes: the quote, the backslash and the control characters; nothing else. */
    private void string(CharSequence text) {
        out.append('"');
        int plain = 0; // the start of the run of characters not yet appended, which need no escape
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, plain, text.length()).append('"');
    }
}
