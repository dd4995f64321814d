package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.store.ContentTable;
import dev.verdict.core.store.CursorCodec;
import dev.verdict.core.store.Signer;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LocalLambdaContext;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.SamTemplate;
import dev.verdict.localkit.StreamPoller;
import dev.verdict.localkit.TestTables;
import dev.verdict.votes.ProofOfWork;
import dev.verdict.votes.VoterCookie;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * template.yaml held against the code: nobody here can deploy, so what `sam deploy` would need is proven here. The
 * function jars must have been packaged (this module builds after every function module in the reactor).
 */
class TemplateContractTest {

    static final Path ROOT = Path.of(System.getProperty("verdict.root", "../..")).toAbsolutePath().normalize();
    static final SamTemplate TEMPLATE = SamTemplate.load(ROOT.resolve("template.yaml"));

    static final Map<String, String> INPUT_BY_EVENT = Map.of(
            "HttpApi", "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent",
            "DynamoDB", "com.amazonaws.services.lambda.runtime.events.DynamodbEvent",
            "Schedule", "com.amazonaws.services.lambda.runtime.events.ScheduledEvent");

    @Test
    void everyHandlerIsAClassInItsOwnJarTakingTheEventsItIsSent() throws Exception {
        assertThat(TEMPLATE.functions()).isNotEmpty();
        for (FunctionSpec function : TEMPLATE.functions()) {
            Path jar = ROOT.resolve(function.codeUri());
            assertThat(jar).as("%s CodeUri", function.logicalId()).isRegularFile();
            assertThat(function.handler()).as("%s Handler", function.logicalId()).endsWith("::handleRequest");
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = loader.loadClass(function.handlerClass());
                Class<?> requestHandler = loader.loadClass(RequestHandler.class.getName());
                assertThat(requestHandler.isAssignableFrom(handler)).as("%s implements RequestHandler", function.logicalId()).isTrue();
                handler.getConstructor();
                Class<?> input = inputType(handler);
                for (String eventType : eventTypes(function)) {
                    Class<?> expected = loader.loadClass(INPUT_BY_EVENT.get(eventType));
                    assertThat(expected.isAssignableFrom(input))
                            .as("%s takes %s, which is not the %s its %s events are", function.logicalId(), input.getName(),
                                    expected.getSimpleName(), eventType)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void everyFunctionJarHoldsOnlyWhatItsHandlerNeeds() throws IOException {
        Set<String> functionPackages = new LinkedHashSet<>();
        for (FunctionSpec function : TEMPLATE.functions()) {
            functionPackages.add(packagePath(function.handlerClass()));
        }
        for (FunctionSpec function : TEMPLATE.functions()) {
            String own = packagePath(function.handlerClass());
            try (JarFile jar = new JarFile(ROOT.resolve(function.codeUri()).toFile())) {
                List<String> strays = jar.stream().map(e -> e.getName())
                        .filter(name -> name.startsWith("software/amazon/dynamodb/services/local/")
                                || name.startsWith("org/eclipse/jetty/") || name.startsWith("dev/verdict/localkit/")
                                || name.startsWith("dev/verdict/local/") || name.startsWith("org/junit/")
                                || name.startsWith("io/netty/") || name.startsWith("org/apache/http")
                                || functionPackages.stream().anyMatch(p -> !p.equals(own) && name.startsWith(p + "/")))
                        .limit(5).toList();
                assertThat(strays).as("%s jar holds classes it does not need", function.logicalId()).isEmpty();
            }
        }
    }

    @Test
    void everyRouteOfTheContractIsRouted() throws IOException {
        Path contract = ROOT.getParent().resolve("shared/API.md");
        Assumptions.assumeTrue(Files.exists(contract), "no ../shared/API.md beside the repository; routes not checked");
        Set<String> routed = new LinkedHashSet<>();
        TEMPLATE.functions().forEach(f -> f.routes().forEach(r -> routed.add(r.method() + " " + r.path())));
        Matcher m = Pattern.compile("`(GET|PUT|POST|DELETE|PATCH) (/[^`?\\s]*)").matcher(Files.readString(contract));
        List<String> declared = new ArrayList<>();
        while (m.find()) {
            declared.add(m.group(1) + " " + m.group(2));
        }

        assertThat(declared).isNotEmpty();
        assertThat(routed).containsAll(declared);
    }

    @Test
    void everyFunctionIsGivenEveryVariableTheCodeRequires() {
        for (FunctionSpec function : TEMPLATE.functions()) {
            assertThat(function.environment().keySet()).as("%s environment", function.logicalId())
                    .containsAll(ServiceConfig.REQUIRED);
        }
    }

    @Test
    void declaresTheRuntimeSnapStartAndLoggingEveryFunctionShares() {
        Map<String, Object> globals = SamTemplate.map(SamTemplate.map(TEMPLATE.root().get("Globals")).get("Function"));

        assertThat(globals.get("Runtime")).isEqualTo("java21");
        assertThat(globals.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(globals.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        assertThat(globals.get("AutoPublishAlias")).isNotNull();
        assertThat(SamTemplate.map(globals.get("LoggingConfig")).get("LogFormat")).isEqualTo("JSON");
    }

    @Test
    void alarmsWatchEveryFunctionStreamFailureQueueAndTheApi() {
        Set<String> watched = new LinkedHashSet<>();
        TEMPLATE.resources().forEach((id, r) -> {
            Map<String, Object> resource = SamTemplate.map(r);
            if ("AWS::CloudWatch::Alarm".equals(resource.get("Type"))) {
                Map<String, Object> properties = SamTemplate.map(resource.get("Properties"));
                for (Object d : SamTemplate.list(properties.get("Dimensions"))) {
                    watched.add(properties.get("MetricName") + " " + logicalId(SamTemplate.map(d).get("Value")));
                }
                assertThat(properties.get("AlarmActions")).as("%s notifies someone", id).isNotNull();
            }
        });
        for (FunctionSpec function : TEMPLATE.functions()) {
            assertThat(watched).contains("Errors " + function.logicalId(), "Throttles " + function.logicalId());
            for (FunctionSpec.StreamMapping mapping : function.streams()) {
                assertThat(watched).contains("IteratorAge " + function.logicalId());
                Object queue = SamTemplate.map(SamTemplate.map(mapping.properties().get("DestinationConfig")).get("OnFailure"))
                        .get("Destination");
                assertThat(watched).contains("ApproximateNumberOfMessagesVisible " + logicalId(queue));
            }
        }
        assertThat(watched).contains("5xx VerdictApi");
    }

    /** The resource a {@code !Ref X} or {@code !GetAtt X.Attr} names, or a literal as it is. */
    static String logicalId(Object value) {
        Map<String, Object> intrinsic = SamTemplate.map(value);
        if (intrinsic.containsKey("Ref")) {
            return String.valueOf(intrinsic.get("Ref"));
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            return String.valueOf(SamTemplate.list(intrinsic.get("Fn::GetAtt")).getFirst());
        }
        return String.valueOf(value);
    }

    @Test
    void everyTableIsOnDemandRecoverableProtectableAndStreamsWhereAFunctionReadsIt() {
        Set<String> streamed = new LinkedHashSet<>();
        TEMPLATE.functions().forEach(f -> f.streams().forEach(m -> streamed.add(m.tableLogicalId())));
        for (var table : TEMPLATE.tables()) {
            Map<String, Object> p = table.properties();
            assertThat(p.get("BillingMode")).as("%s billing", table.logicalId()).isEqualTo("PAY_PER_REQUEST");
            assertThat(SamTemplate.map(p.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"))
                    .as("%s point-in-time recovery", table.logicalId()).isEqualTo(true);
            assertThat(p.get("DeletionProtectionEnabled")).as("%s deletion protection behind the parameter", table.logicalId())
                    .isEqualTo(Map.of("Fn::If", List.of("ProtectTables", true, false)));
            if (streamed.contains(table.logicalId())) {
                assertThat(table.streamViewType()).as("%s stream", table.logicalId()).contains("NEW_AND_OLD_IMAGES");
            }
        }
        assertThat(TEMPLATE.tables().stream().filter(t -> t.ttlAttribute().isPresent()).map(t -> t.logicalId()))
                .contains("SubscribersTable", "RateLimitTable", "VotersTable");
    }

    @Test
    void noPolicyGrantsAWildcardAction() {
        for (FunctionSpec function : TEMPLATE.functions()) {
            for (Policies.Statement statement : Policies.of(function.properties()).statements()) {
                assertThat(statement.actions()).as("%s actions", function.logicalId()).noneMatch(a -> a.contains("*"));
                assertThat(statement.resources()).as("%s resources", function.logicalId()).doesNotContain("*");
            }
        }
    }

    @Test
    void everyTableAFunctionTouchesIsCoveredByItsPolicies() throws Exception {
        TestTables tables = TestTables.create();
        new ContentLoader(new ContentTable(tables.client(), tables.table("ContentTable"),
                new CursorCodec(new Signer(TestTables.SIGNING_KEY)))).load(CatalogueReader.fromClasspath());
        Map<String, String> names = new HashMap<>();
        TEMPLATE.tables().forEach(t -> names.put(tables.table(t.logicalId()), t.logicalId()));

        // HTTP functions first: their writes fill the streams the stream functions then read, as on AWS.
        List<FunctionSpec> ordered = new ArrayList<>(TEMPLATE.functions());
        ordered.sort(java.util.Comparator.comparing(f -> f.streams().isEmpty() ? 0 : 1));
        for (FunctionSpec function : ordered) {
            TableAccessRecorder recorder = new TableAccessRecorder();
            RequestHandler<Object, Object> handler = handler(function, tables, recorder);
            for (Object event : sampleEvents(function)) {
                Object sent = event instanceof Redemption ? redemption(handler) : event;
                Object answer = handler.handleRequest(sent, LocalLambdaContext.startingNow(function.logicalId(), java.time.Duration.ofSeconds(30)));
                if (event instanceof Redemption) {
                    assertThat(((com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse) answer).getStatusCode())
                            .as("%s creates a voter for a solved proof", function.logicalId()).isEqualTo(201);
                }
            }
            for (FunctionSpec.StreamMapping mapping : function.streams()) {
                String stream = StreamPoller.streamArn(tables.client(), tables.table(mapping.tableLogicalId()));
                try (StreamPoller poller = new StreamPoller(tables.dynamo().streamsClient(), stream, mapping,
                        event -> handler.handleRequest(event, LocalLambdaContext.startingNow(function.logicalId(), java.time.Duration.ofSeconds(30))))) {
                    assertThat(poller.drain()).as("%s stream batches", function.logicalId()).isPositive();
                }
            }
            Policies policies = Policies.of(function.properties());
            for (TableAccessRecorder.Access access : recorder.accesses()) {
                String table = names.get(access.table());
                assertThat(table).as("%s touched a table template.yaml does not declare: %s", function.logicalId(), access).isNotNull();
                assertThat(policies.allows(access.action(), table, access.index()))
                        .as("%s needs dynamodb:%s on %s%s", function.logicalId(), access.action(), table,
                                access.index() ? " indexes" : "")
                        .isTrue();
            }
            assertThat(recorder.accesses()).as("%s sample events reached DynamoDB", function.logicalId()).isNotEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    static RequestHandler<Object, Object> handler(FunctionSpec function, TestTables tables, TableAccessRecorder recorder)
            throws ReflectiveOperationException, IOException {
        // Mail goes to an outbox here, never to SES.
        Map<String, String> local = Map.of(ServiceConfig.MAIL_SENDER, "outbox",
                ServiceConfig.DATA_DIR, Files.createTempDirectory("contract").toString());
        ApplicationContextBuilder context = ApplicationContext.builder()
                .properties(ServiceConfig.asProperties(tables.environment(function.logicalId(), local)))
                .singletons(recorder);
        return (RequestHandler<Object, Object>) Class.forName(function.handlerClass())
                .getConstructor(ApplicationContextBuilder.class).newInstance(context);
    }

    /** Stands for POST /voters with a proof solved for a challenge the function itself has just issued. */
    enum Redemption { OF_A_FRESH_CHALLENGE }

    /** A voter the votes function knows: a vote and a retraction then reach the votes table, as they do on AWS. */
    static final String SAMPLE_VOTER = "vid=" + VoterCookie.value(new Signer(TestTables.SIGNING_KEY), "contractvoter000000000");

    static Object redemption(RequestHandler<Object, Object> handler) {
        var issued = (com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse) handler.handleRequest(
                HttpEvents.request("GET", "/voters/challenge").build(), null);
        var challenge = dev.verdict.core.json.Json.readBody(issued.getBody());
        String text = challenge.get("challenge").asText();
        String nonce = ProofOfWork.solve(text, challenge.get("difficulty").asInt());
        return HttpEvents.request("POST", "/voters")
                .jsonBody("{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}").build();
    }

    /** Representative events: every routed method and path with sample values, and the schedule's event. */
    static List<Object> sampleEvents(FunctionSpec function) {
        List<Object> events = new ArrayList<>();
        for (FunctionSpec.HttpRoute route : function.routes()) {
            if (route.method().equals("ANY")) {
                continue;
            }
            HttpEvents request = HttpEvents.request(route.method(), route.path());
            Matcher parameters = Pattern.compile("\\{(\\w+)\\+?}").matcher(route.path());
            while (parameters.find()) {
                request.path(parameters.group(1), switch (parameters.group(1)) {
                    case "slug" -> "google-scion-vs-code-llama-4";
                    case "toolId", "id" -> "code-llama-4";
                    default -> "sample";
                });
            }
            if (route.path().startsWith("/subscriptions/")) {
                request.query("token", "0".repeat(64));
            }
            if (route.path().contains("/votes/")) {
                request.cookie(SAMPLE_VOTER);
            }
            if (route.method().equals("POST") && route.path().equals("/voters")) {
                events.add(Redemption.OF_A_FRESH_CHALLENGE);
                continue;
            }
            switch (route.method()) {
                case "PUT" -> request.jsonBody("{\"verdict\":\"ship\"}");
                case "POST" -> {
                    if (route.path().equals("/subscriptions")) {
                        request.jsonBody("{\"email\":\"reader@example.com\",\"source\":\"google-scion-vs-code-llama-4\",\"consent\":true}");
                    } else {
                        request.header("Content-Type", "application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click", false);
                    }
                }
                default -> { }
            }
            events.add(request.build());
        }
        for (FunctionSpec.Schedule ignored : function.schedules()) {
            ScheduledEvent event = new ScheduledEvent();
            event.setSource("aws.events");
            event.setDetailType("Scheduled Event");
            event.setTime(new org.joda.time.DateTime());
            event.setDetail(Map.of());
            events.add(event);
        }
        return events;
    }

    static Set<String> eventTypes(FunctionSpec function) {
        Set<String> types = new LinkedHashSet<>();
        SamTemplate.map(function.properties().get("Events")).values()
                .forEach(e -> types.add(String.valueOf(SamTemplate.map(e).get("Type")).replace("ScheduleV2", "Schedule")));
        return types;
    }

    /** The handler's input type: the first type argument where it binds RequestHandler's (or a subclass's) generics. */
    static Class<?> inputType(Class<?> handler) {
        for (Class<?> type = handler; type != null; type = type.getSuperclass()) {
            Type superType = type.getGenericSuperclass();
            if (superType instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments()[0] instanceof Class<?> input) {
                return input;
            }
            for (Type iface : type.getGenericInterfaces()) {
                if (iface instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments()[0] instanceof Class<?> input) {
                    return input;
                }
            }
        }
        return Object.class;
    }

    private static String packagePath(String className) {
        return className.substring(0, className.lastIndexOf('.')).replace('.', '/');
    }
}
