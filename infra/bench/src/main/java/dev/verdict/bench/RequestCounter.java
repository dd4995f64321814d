package dev.verdict.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Counts the DynamoDB requests a client sends, by operation (request class), as they leave the SDK. */
final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        counts.computeIfAbsent(context.request().getClass().getSimpleName(), k -> new LongAdder()).increment();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long count(String operation) {
        LongAdder adder = counts.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** "PutItemRequest=10, UpdateItemRequest=20", sorted by name. */
    String describe() {
        return new java.util.TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    void reset() {
        counts.clear();
    }
}
