package dev.verdict.core.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where a function's AWS clients go: its region (Lambda sets AWS_REGION), and off AWS only the local DynamoDB engine.
 *
 * @param region         AWS region
 * @param dynamoEndpoint only off AWS: the local engine (moto) or LocalStack
 */
public record AwsSettings(String region, Optional<URI> dynamoEndpoint) {

    public static final String AWS_REGION = "AWS_REGION";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";

    public static AwsSettings from(Settings settings) {
        return new AwsSettings(settings.fromLambda(AWS_REGION, "us-east-1"),
                settings.offAws(DYNAMODB_ENDPOINT).map(URI::create));
    }
}
