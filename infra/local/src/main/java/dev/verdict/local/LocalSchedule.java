package dev.verdict.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.localkit.FunctionSpec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * EventBridge Scheduler on a laptop: fires a function's Schedule events with the ScheduledEvent EventBridge sends.
 * Locally every schedule fires at one configurable interval (the template's rate would make a demo wait 15 minutes).
 */
final class LocalSchedule implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-schedule");
        thread.setDaemon(true);
        return thread;
    });

    LocalSchedule(FunctionHost host, FunctionSpec.Schedule schedule, long everySeconds) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                Object summary = host.invoke(event(host.spec().logicalId(), schedule));
                System.out.println(host.spec().logicalId() + " (" + schedule.expression() + ", locally every "
                        + everySeconds + " s): " + summary);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println(host.spec().logicalId() + " failed: " + e);
            }
        }, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    static ScheduledEvent event(String functionId, FunctionSpec.Schedule schedule) {
        return new ScheduledEvent()
                .withVersion("0")
                .withId(UUID.randomUUID().toString())
                .withDetailType("Scheduled Event")
                .withSource("aws.events")
                .withAccount("000000000000")
                .withTime(DateTime.now(DateTimeZone.UTC))
                .withRegion("us-east-1")
                .withResources(List.of("arn:aws:events:us-east-1:000000000000:rule/local-" + functionId + "-" + schedule.name()))
                .withDetail(Map.of());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
