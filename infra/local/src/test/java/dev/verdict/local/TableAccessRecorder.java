package dev.verdict.local;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Records which IAM actions a function's DynamoDB requests need, on which table (and whether through an index), as
 * IAM authorises them: a transaction or a batch is authorised per item action.
 */
final class TableAccessRecorder implements ExecutionInterceptor {

    /** What a permission is on: the table itself, its indexes, or its stream. */
    enum On { TABLE, INDEX, STREAM }

    /** One permission a request needed: {@code dynamodb:Action} on a table, its indexes or its stream. */
    record Access(String action, String table, On on) {
    }

    private final Set<Access> accesses = ConcurrentHashMap.newKeySet();
    /** Streams this function took iterators of: a GetRecords names only an iterator, so it reads one of these. */
    private final Set<String> iteratedStreams = ConcurrentHashMap.newKeySet();

    Set<Access> accesses() {
        return Set.copyOf(accesses);
    }

    void clear() {
        accesses.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        switch (request) {
            case GetItemRequest r -> add("GetItem", r.tableName(), false);
            case PutItemRequest r -> add("PutItem", r.tableName(), false);
            case UpdateItemRequest r -> add("UpdateItem", r.tableName(), false);
            case DeleteItemRequest r -> add("DeleteItem", r.tableName(), false);
            case QueryRequest r -> add("Query", r.tableName(), r.indexName() != null);
            case ScanRequest r -> add("Scan", r.tableName(), r.indexName() != null);
            case BatchGetItemRequest r -> r.requestItems().keySet().forEach(t -> add("BatchGetItem", t, false));
            case BatchWriteItemRequest r -> r.requestItems().keySet().forEach(t -> add("BatchWriteItem", t, false));
            case TransactGetItemsRequest r -> r.transactItems().forEach(i -> add("GetItem", i.get().tableName(), false));
            case DescribeTableRequest r -> add("DescribeTable", r.tableName(), false);
            case DescribeStreamRequest r -> stream("DescribeStream", r.streamArn());
            case GetShardIteratorRequest r -> {
                stream("GetShardIterator", r.streamArn());
                iteratedStreams.add(r.streamArn());
            }
            case GetRecordsRequest r -> iteratedStreams.forEach(arn -> stream("GetRecords", arn));
            case TransactWriteItemsRequest r -> r.transactItems().forEach(i -> {
                if (i.put() != null) {
                    add("PutItem", i.put().tableName(), false);
                }
                if (i.update() != null) {
                    add("UpdateItem", i.update().tableName(), false);
                }
                if (i.delete() != null) {
                    add("DeleteItem", i.delete().tableName(), false);
                }
                if (i.conditionCheck() != null) {
                    add("ConditionCheckItem", i.conditionCheck().tableName(), false);
                }
            });
            default -> add(request.getClass().getSimpleName().replace("Request", ""), "*", false);
        }
    }

    private void add(String action, String table, boolean index) {
        accesses.add(new Access(action, table, index ? On.INDEX : On.TABLE));
    }

    /** A stream's ARN names its table: {@code arn:…:table/<name>/stream/<label>}. */
    private void stream(String action, String streamArn) {
        int table = streamArn.indexOf(":table/") + ":table/".length();
        accesses.add(new Access(action, streamArn.substring(table, streamArn.indexOf("/stream/", table)), On.STREAM));
    }

    /** Table names as the test created them ({@code prefix + logicalId}) back to template logical ids. */
    static Map<String, String> byName(Map<String, String> logicalToName) {
        Map<String, String> inverse = new ConcurrentHashMap<>();
        logicalToName.forEach((logical, name) -> inverse.put(name, logical));
        return inverse;
    }
}
