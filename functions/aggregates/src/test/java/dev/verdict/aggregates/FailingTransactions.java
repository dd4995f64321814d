package dev.verdict.aggregates;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Injects failures into TransactWriteItems, the way DynamoDB and the network produce them: a conflict before the
 * write, or a lost response after DynamoDB committed it (the handler cannot tell whether its write happened).
 */
final class FailingTransactions implements ExecutionInterceptor {

    enum Kind { CONFLICT_BEFORE_WRITE, LOST_RESPONSE_AFTER_WRITE }

    private final Kind kind;
    private final AtomicInteger remaining;
    final AtomicInteger injected = new AtomicInteger();

    FailingTransactions(Kind kind, int times) {
        this.kind = kind;
        this.remaining = new AtomicInteger(times);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (kind == Kind.CONFLICT_BEFORE_WRITE && isTransaction(context.request()) && remaining.getAndDecrement() > 0) {
            injected.incrementAndGet();
            throw TransactionCanceledException.builder()
                    .message("Transaction cancelled (injected)")
                    .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                            .errorCode("TransactionCanceledException").errorMessage("injected conflict").build())
                    .statusCode(400)
                    .cancellationReasons(CancellationReason.builder().code("TransactionConflict")
                            .message("Transaction is ongoing for the item").build())
                    .build();
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (kind == Kind.LOST_RESPONSE_AFTER_WRITE && isTransaction(context.request()) && remaining.getAndDecrement() > 0) {
            injected.incrementAndGet();
            throw SdkClientException.create("connection reset after the transaction was committed (injected)");
        }
    }

    private static boolean isTransaction(SdkRequest request) {
        return request instanceof TransactWriteItemsRequest;
    }
}
