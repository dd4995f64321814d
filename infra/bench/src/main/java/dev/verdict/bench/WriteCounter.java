package dev.verdict.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts the DynamoDB item writes a client sends, as they leave the SDK: one per PutItem, UpdateItem or DeleteItem,
 * one per item of a BatchWriteItem or TransactWriteItems. Counted when sent, not when they succeed, because DynamoDB
 * bills a write whose condition fails as it bills one that lands.
 */
final class WriteCounter implements ExecutionInterceptor {

    private final LongAdder items = new LongAdder();
    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        long written = switch (context.request()) {
            case PutItemRequest put -> 1;
            case UpdateItemRequest update -> 1;
            case DeleteItemRequest delete -> 1;
            case BatchWriteItemRequest batch -> batch.requestItems().values().stream().mapToLong(java.util.List::size).sum();
            case TransactWriteItemsRequest transaction -> transaction.transactItems().size();
            default -> 0;
        };
        if (written > 0) {
            items.add(written);
            byOperation.computeIfAbsent(context.request().getClass().getSimpleName(), k -> new LongAdder()).add(written);
        }
    }

    long items() {
        return items.sum();
    }

    /** "PutItemRequest=10, UpdateItemRequest=20": items written, by request kind, sorted by name. */
    String describe() {
        return new java.util.TreeMap<>(byOperation).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().sum())
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
