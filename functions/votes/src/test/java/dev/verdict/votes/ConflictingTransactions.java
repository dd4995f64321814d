package dev.verdict.votes;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Cancels the next {@code times} TransactWriteItems before they are sent, as DynamoDB does when another transaction
 * holds one of the items (the local engine serialises everything and never does).
 */
final class ConflictingTransactions implements ExecutionInterceptor {

    private final AtomicInteger remaining;
    final AtomicInteger injected = new AtomicInteger();

    ConflictingTransactions(int times) {
        this.remaining = new AtomicInteger(times);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest && remaining.getAndDecrement() > 0) {
            injected.incrementAndGet();
            throw TransactionCanceledException.builder()
                    .message("Transaction cancelled (injected)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                            .errorMessage("injected conflict").build())
                    .statusCode(400)
                    .cancellationReasons(CancellationReason.builder().code("None").build(),
                            CancellationReason.builder().code("TransactionConflict")
                                    .message("Transaction is ongoing for the item").build())
                    .build();
        }
    }
}
