package dev.verdict.content;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Loads the catalogue into a content table, on AWS or anywhere else:
 * {@code java -jar content-loader.jar --table NAME [--region R] [--dir DIR] [--endpoint URL]}.
 * Without {@code --dir} it loads the catalogue shipped in the jar. It validates everything before writing anything.
 */
public final class LoadContent {

    public static void main(String[] args) {
        String table = null;
        String region = "us-east-1";
        Path dir = null;
        URI endpoint = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--table" -> table = args[i + 1];
                case "--region" -> region = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--endpoint" -> endpoint = URI.create(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (table == null) {
            usage("--table is required");
        }
        Catalogue catalogue;
        try {
            catalogue = dir == null ? CatalogueReader.fromClasspath() : CatalogueReader.fromDirectory(dir);
        } catch (CatalogueException invalid) {
            System.err.println(invalid.getMessage());
            System.exit(1);
            return;
        }
        var builder = DynamoDbClient.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        try (DynamoDbClient dynamo = builder.build()) {
            int written = new ContentLoader(new CatalogueWriter(dynamo, table)).load(catalogue);
            System.out.printf("loaded %d tools, %d comparisons (%d items) into %s%n",
                    catalogue.tools().size(), catalogue.comparisons().size(), written, table);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar content-loader.jar --table NAME [--region REGION] [--dir DIR] [--endpoint URL]");
        System.exit(2);
    }
}
