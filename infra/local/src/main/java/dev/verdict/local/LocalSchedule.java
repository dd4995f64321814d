package dev.verdict.local;

import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaInvoker;
import dev.verdict.localkit.LambdaResult;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge Scheduler on a laptop: fires a function's Schedule events with the Scheduled Event EventBridge sends.
 * Locally every schedule fires at one configurable interval (the template's rate would make a demo wait 15 minutes).
 */
final class LocalSchedule implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-schedule");
        thread.setDaemon(true);
        return thread;
    });

    LocalSchedule(FunctionSpec function, LambdaInvoker host, FunctionSpec.Schedule schedule, long everySeconds) {
        String rule = LambdaEvents.ruleArn(function.logicalId(), schedule.name());
        timer.scheduleWithFixedDelay(() -> {
            LambdaResult result = host.invoke(LambdaEvents.scheduled(rule, Instant.now()));
            String line = function.logicalId() + " (" + schedule.expression() + ", locally every " + everySeconds + " s): ";
            if (result.ok()) {
                System.out.println(line + result.json());
            } else {
                System.err.println(line + "failed: " + result.describe());
            }
        }, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
