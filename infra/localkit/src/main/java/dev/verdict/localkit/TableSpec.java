package dev.verdict.localkit;

import static dev.verdict.localkit.SamTemplate.list;
import static dev.verdict.localkit.SamTemplate.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/** A table as template.yaml declares it, and how to create the same table in a local engine. */
public record TableSpec(String logicalId, Map<String, Object> properties) {

    static TableSpec from(String logicalId, Map<String, Object> properties) {
        return new TableSpec(logicalId, properties);
    }

    public Optional<String> streamViewType() {
        return SamTemplate.text(map(properties.get("StreamSpecification")).get("StreamViewType"));
    }

    public Optional<String> ttlAttribute() {
        Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
        return Boolean.TRUE.equals(ttl.get("Enabled")) ? SamTemplate.text(ttl.get("AttributeName")) : Optional.empty();
    }

    /** Creates the table as {@code name}; an existing table of that name is left as it is (restarts keep their data). */
    public void create(DynamoDbClient dynamo, String name) {
        create(dynamo, name, table -> { });
    }

    /**
     * Creates the table as {@code name}, lets {@code fill} write into it, and only then turns its stream on: items
     * restored from a saved copy are old news, and a stream consumer must not see them as new writes (a restored
     * pending subscriber would be mailed again, a restored vote counted twice). DynamoDB's own restores behave alike.
     */
    public void create(DynamoDbClient dynamo, String name, java.util.function.Consumer<String> fill) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object a : list(properties.get("AttributeDefinitions"))) {
            Map<String, Object> attr = map(a);
            attributes.add(AttributeDefinition.builder()
                    .attributeName((String) attr.get("AttributeName"))
                    .attributeType((String) attr.get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object i : list(properties.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> index = map(i);
            Map<String, Object> projection = map(index.get("Projection"));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName((String) index.get("IndexName"))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(Projection.builder()
                            .projectionType((String) projection.getOrDefault("ProjectionType", "ALL"))
                            .nonKeyAttributes(list(projection.get("NonKeyAttributes")).stream().map(Object::toString).toList())
                            .build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(properties.get("KeySchema")));
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        try {
            dynamo.createTable(request.build());
        } catch (ResourceInUseException exists) {
            return;
        }
        fill.accept(name);
        streamViewType().ifPresent(view -> dynamo.updateTable(b -> b.tableName(name).streamSpecification(
                StreamSpecification.builder().streamEnabled(true).streamViewType(view).build())));
        ttlAttribute().ifPresent(attribute -> dynamo.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute))));
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object k : list(schema)) {
            Map<String, Object> key = map(k);
            keys.add(KeySchemaElement.builder()
                    .attributeName((String) key.get("AttributeName"))
                    .keyType((String) key.get("KeyType")).build());
        }
        return keys;
    }
}
