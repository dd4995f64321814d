package dev.verdict.localkit;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;

/**
 * DynamoDB and DynamoDB Streams from LocalStack in a container (Testcontainers), for teams with Docker. Selected with
 * {@code -Dverdict.backend=localstack} (the {@code localstack} Maven profile sets it). Testcontainers is a test-time
 * dependency: this class is only loaded when that backend is asked for.
 */
final class LocalStackBackend implements DynamoBackend {

    static final String IMAGE = "localstack/localstack:3.8";

    private final LocalStackContainer container;

    private LocalStackBackend(LocalStackContainer container) {
        this.container = container;
    }

    /** Why LocalStack cannot run here, or null when Docker answers. */
    static String unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? null : "no Docker engine answers on this machine";
        } catch (RuntimeException | LinkageError e) {
            return "Docker could not be reached (" + e.getClass().getSimpleName() + ")";
        }
    }

    static LocalStackBackend start() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices(LocalStackContainer.Service.DYNAMODB);
        container.start();
        return new LocalStackBackend(container);
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public Region region() {
        return Region.of(container.getRegion());
    }

    @Override
    public void close() {
        container.stop();
    }
}
