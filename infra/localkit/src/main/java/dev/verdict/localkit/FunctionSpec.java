package dev.verdict.localkit;

import static dev.verdict.localkit.SamTemplate.list;
import static dev.verdict.localkit.SamTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** A function as template.yaml declares it: its handler class, environment, and the events that invoke it. */
public record FunctionSpec(String logicalId, String handler, String codeUri, Map<String, Object> environment,
                           List<HttpRoute> routes, List<StreamMapping> streams, List<Schedule> schedules,
                           Map<String, Object> properties) {

    /** An HttpApi event: {@code method} is upper case, {@code ANY} for every method. */
    public record HttpRoute(String method, String path) {
    }

    /** A DynamoDB stream event: the table whose stream feeds the function, and how Lambda batches it. */
    public record StreamMapping(String tableLogicalId, int batchSize, int batchingWindowSeconds, Map<String, Object> properties) {
    }

    /** A Schedule (or ScheduleV2) event: its rate or cron expression. */
    public record Schedule(String name, String expression) {
    }

    /** @param resolve a template value (a literal or an intrinsic such as a parameter's {@code !Ref}) as text */
    static FunctionSpec from(String logicalId, Map<String, Object> properties, Map<String, Object> globalVariables,
                             Function<Object, String> resolve) {
        Map<String, Object> environment = new LinkedHashMap<>(globalVariables);
        environment.putAll(map(map(properties.get("Environment")).get("Variables")));
        List<HttpRoute> routes = new ArrayList<>();
        List<StreamMapping> streams = new ArrayList<>();
        List<Schedule> schedules = new ArrayList<>();
        map(properties.get("Events")).forEach((name, e) -> {
            Map<String, Object> event = map(e);
            Map<String, Object> p = map(event.get("Properties"));
            switch ((String) event.get("Type")) {
                case "HttpApi" -> routes.add(new HttpRoute(
                        String.valueOf(p.getOrDefault("Method", "ANY")).toUpperCase(Locale.ROOT),
                        String.valueOf(p.getOrDefault("Path", "$default"))));
                case "DynamoDB" -> streams.add(new StreamMapping(
                        String.valueOf(list(map(p.get("Stream")).get("Fn::GetAtt")).getFirst()),
                        ((Number) p.getOrDefault("BatchSize", 100)).intValue(),
                        ((Number) p.getOrDefault("MaximumBatchingWindowInSeconds", 0)).intValue(),
                        p));
                case "Schedule", "ScheduleV2" -> schedules.add(new Schedule(name, resolve.apply(p.get("Schedule") != null
                        ? p.get("Schedule") : p.get("ScheduleExpression"))));
                default -> { }
            }
        });
        return new FunctionSpec(logicalId, String.valueOf(properties.get("Handler")),
                String.valueOf(properties.get("CodeUri")), environment, routes, streams, schedules, properties);
    }

    /** The handler's class name, without a {@code ::method} suffix. */
    public String handlerClass() {
        int colons = handler.indexOf("::");
        return colons < 0 ? handler : handler.substring(0, colons);
    }
}
