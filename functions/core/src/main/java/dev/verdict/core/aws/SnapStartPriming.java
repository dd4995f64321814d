package dev.verdict.core.aws;

import dev.verdict.core.log.Log;
import dev.verdict.core.config.Settings;
import dev.verdict.core.json.Json;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * SnapStart priming. Lambda snapshots the initialised JVM once per published version and restores it for every cold
 * start; whatever ran before the snapshot is already loaded and JIT-warm after a restore. So before the checkpoint we
 * walk the hot path once: a real DynamoDB request (SDK marshalling, signing, endpoint rules, the HTTP client) and a JSON
 * round trip. Created eagerly ({@link Context}) so it is registered during INIT in every function. The request goes
 * to the first table the function's own code asked for, which by the checkpoint INIT has built.
 */
@Context
public final class SnapStartPriming implements Resource {

    private static final Log LOG = Log.of(SnapStartPriming.class);

    private final DynamoDbClient dynamo;
    private final Settings settings;

    @Inject
    public SnapStartPriming(DynamoDbClient dynamo, Settings settings) {
        this(dynamo, settings, Core.getGlobalContext());
    }

    /** {@code checkpoints}: CRaC's global context on Lambda; off a CRaC JVM it discards what is registered with it. */
    SnapStartPriming(DynamoDbClient dynamo, Settings settings, org.crac.Context<Resource> checkpoints) {
        this.dynamo = dynamo;
        this.settings = settings;
        checkpoints.register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            // A key that never exists, in the first table this function's code asked for: costs half a read unit,
            // touches no data. Every table keys on pk, some also on sk; rather than a DescribeTable (and a permission
            // for it), a refusal of the key's shape is answered with the shorter key.
            String table = settings.tables().getFirst();
            try {
                dynamo.getItem(GetItemRequest.builder().tableName(table).key(Map.of(
                        "pk", AttributeValue.fromS("PRIMING"), "sk", AttributeValue.fromS("PRIMING"))).build());
            } catch (DynamoDbException e) {
                if (!"ValidationException".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                    throw e;
                }
                dynamo.getItem(GetItemRequest.builder().tableName(table).key(Map.of("pk", AttributeValue.fromS("PRIMING"))).build());
            }
        } catch (RuntimeException e) {
            // Priming is an optimisation: a failure here must never stop the version from publishing.
            LOG.warn("priming request failed", "errorType", e.getClass().getSimpleName());
        }
        Json.readBody(Json.write(Map.of("primed", true)));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: credentials are read from the environment on each request, and no connection is kept.
    }
}
