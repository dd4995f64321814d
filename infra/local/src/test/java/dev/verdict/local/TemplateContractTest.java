package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.config.SigningSettings;
import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.HttpAnswer;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.SnsEvents;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.LambdaSerialization;
import dev.verdict.localkit.SamTemplate;
import dev.verdict.localkit.StreamPoller;
import dev.verdict.localkit.TestTables;
import dev.verdict.signups.MailSettings;
import dev.verdict.votes.ProofOfWork;
import dev.verdict.votes.VoterCookie;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            "Schedule", "com.amazonaws.services.lambda.runtime.events.ScheduledEvent",
            "SNS", "com.amazonaws.services.lambda.runtime.events.SNSEvent");

    /**
     * The handler string names the class alone. With {@code Class::handleRequest} the runtime (the RIC's HandlerInfo
     * and EventHandlerLoader) treats it as a plain method, whose inherited {@code handleRequest(I, Context)} has no
     * concrete input type, so every event arrives as a Map (a ScheduledEvent then fails to convert). Named by class,
     * the runtime reads RequestHandler's type arguments and deserialises each event into the concrete type.
     */
    @Test
    void everyHandlerIsAClassInItsOwnJarTakingTheEventsItIsSent() throws Exception {
        assertThat(TEMPLATE.functions()).isNotEmpty();
        for (FunctionSpec function : TEMPLATE.functions()) {
            Path jar = ROOT.resolve(function.codeUri());
            assertThat(jar).as("%s CodeUri", function.logicalId()).isRegularFile();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                HandlerInfo handler = HandlerInfo.fromString(function.handler(), loader);
                assertThat(handler.methodName).as("%s Handler names the class only, as the runtime needs for %s",
                        function.logicalId(), function.handler()).isNull();
                Class<?> requestHandler = loader.loadClass(RequestHandler.class.getName());
                assertThat(requestHandler.isAssignableFrom(handler.clazz)).as("%s implements RequestHandler", function.logicalId()).isTrue();
                handler.clazz.getConstructor();
                Class<?> input = (Class<?>) LambdaSerialization.of(handler.clazz).input();
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

    /**
     * The README deploys with {@code sam build}: with a jar as CodeUri, the SAM CLI runs its Java Maven workflow on the
     * jar's path and stops ("JavaMavenWorkflow:CopySource - Not a directory", aws-sam-cli#4575) unless the function's
     * Metadata says {@code SkipBuild: True}; then it takes the jar as built.
     */
    @Test
    void everyFunctionWithABuiltJarTellsSamBuildToTakeItAsItIs() {
        for (FunctionSpec function : TEMPLATE.functions()) {
            if (function.codeUri().endsWith(".jar")) {
                Map<String, Object> metadata = SamTemplate.map(SamTemplate.map(TEMPLATE.resources().get(function.logicalId())).get("Metadata"));
                assertThat(metadata.get("SkipBuild")).as("%s Metadata.SkipBuild (its CodeUri is a jar)", function.logicalId())
                        .isEqualTo(true);
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
                                // The content loader's writes: no function's role may write the catalogue.
                                || name.startsWith("dev/verdict/content/")
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

    /**
     * openapi.yaml and template.yaml name the same operations: every documented one is routed to a function, and
     * every route with a method of its own is documented (the ANY routes only carry other methods to a 405, and the
     * greedy {proxy+} unknown paths to a 404, as the document's introduction says).
     */
    @Test
    void theOpenApiDocumentAndTheTemplateNameTheSameOperations() throws IOException {
        Map<String, Object> document = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).load(Files.readString(ROOT.resolve("openapi.yaml")));
        Set<String> documented = new java.util.TreeSet<>();
        SamTemplate.map(document.get("paths")).forEach((path, item) -> SamTemplate.map(item).keySet().stream()
                .filter(method -> Set.of("get", "put", "post", "delete", "patch").contains(method))
                .forEach(method -> documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path)));
        Set<String> routed = new java.util.TreeSet<>();
        TEMPLATE.functions().forEach(f -> f.routes().stream().filter(r -> !r.method().equals("ANY"))
                .forEach(r -> routed.add(r.method() + " " + r.path())));

        assertThat(documented).isNotEmpty();
        assertThat(routed).isEqualTo(documented);
    }

    /** The one variable every function is given that its code does not read: the JVM's own options. */
    static final Set<String> FOR_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");

    /**
     * Each function's Environment in template.yaml is exactly what its code reads: the settings its handler asks
     * {@link Settings} for at INIT, started here as the local stack starts it. Nothing Lambda sets itself, nothing that
     * only stands in off AWS, and nothing the code never asks for.
     */
    @Test
    void everyFunctionIsGivenExactlyTheSettingsItsCodeReads() throws Exception {
        TestTables tables = TestTables.create();
        Map<String, String> local = Map.of(MailSettings.MAIL_SENDER, "outbox",
                MailSettings.DATA_DIR, Files.createTempDirectory("contract").toString());
        for (FunctionSpec function : TEMPLATE.functions()) {
            Map<String, Settings.Origin> read = settingsReadAtInit(function, tables.environment(function.logicalId(), local));
            Set<String> given = new LinkedHashSet<>(function.environment().keySet());
            given.removeAll(FOR_THE_JVM);
            Set<String> fromTheTemplate = new LinkedHashSet<>();
            read.forEach((name, origin) -> {
                if (origin == Settings.Origin.TEMPLATE) {
                    fromTheTemplate.add(name);
                }
            });

            assertThat(given).as("%s Environment in template.yaml, against what its code reads", function.logicalId())
                    .containsExactlyInAnyOrderElementsOf(fromTheTemplate);
        }
    }

    /** Globals give every function only the JVM's options: no table, origin or signing setting reaches all of them. */
    @Test
    void globalsGiveNoFunctionASettingOfAnotherFunction() {
        Map<String, Object> globals = SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.root().get("Globals"))
                .get("Function")).get("Environment"));
        assertThat(SamTemplate.map(globals.get("Variables")).keySet()).isSubsetOf(FOR_THE_JVM);
    }

    /**
     * A function's policies name no table it is not given (in its Environment, as {@code !Ref Table}), except the
     * streams Lambda reads for it through an event source mapping: a function keeps no grant on a table it never uses.
     */
    @Test
    void everyTableAFunctionsPoliciesNameIsOneItIsGiven() {
        Set<String> tableIds = new LinkedHashSet<>();
        TEMPLATE.tables().forEach(t -> tableIds.add(t.logicalId()));
        for (FunctionSpec function : TEMPLATE.functions()) {
            Set<String> given = new LinkedHashSet<>();
            function.environment().values().forEach(value -> {
                String id = logicalId(value);
                if (tableIds.contains(id)) {
                    given.add(id);
                }
            });
            Set<String> mapped = new LinkedHashSet<>();
            function.streams().forEach(m -> mapped.add(m.tableLogicalId()));
            for (Policies.Statement statement : Policies.of(TEMPLATE, function).statements()) {
                for (Object resource : statement.resources()) {
                    Optional<String> stream = streamOf(resource);
                    if (stream.isPresent()) {
                        assertThat(stream.get()).as("%s: %s", function.logicalId(), resource).isIn(union(given, mapped));
                        continue;
                    }
                    tableOf(resource).filter(tableIds::contains).ifPresent(table -> assertThat(table)
                            .as("%s is granted %s on %s, which it is not given", function.logicalId(), statement.actions(), table)
                            .isIn(given));
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The table a resource names: {@code !GetAtt T.Arn} or {@code !Sub '${T.Arn}/...'}. */
    static Optional<String> tableOf(Object resource) {
        Map<String, Object> intrinsic = SamTemplate.map(resource);
        List<Object> getAtt = SamTemplate.list(intrinsic.get("Fn::GetAtt"));
        if (getAtt.size() == 2 && "Arn".equals(getAtt.get(1))) {
            return Optional.of(String.valueOf(getAtt.get(0)));
        }
        Matcher sub = Pattern.compile("\\$\\{(\\w+)\\.Arn}.*").matcher(String.valueOf(intrinsic.get("Fn::Sub")));
        return sub.matches() ? Optional.of(sub.group(1)) : Optional.empty();
    }

    /** The settings a function's handler asks for while it starts, with where each comes from. */
    static Map<String, Settings.Origin> settingsReadAtInit(FunctionSpec function, Map<String, String> environment)
            throws ReflectiveOperationException {
        ApplicationContextBuilder context = ApplicationContext.builder().properties(Settings.asProperties(environment));
        var handler = (MicronautRequestHandler<?, ?>) Class.forName(function.handlerClass())
                .getConstructor(ApplicationContextBuilder.class).newInstance(context);
        try (ApplicationContext started = handler.getApplicationContext()) {
            return started.getBean(Settings.class).asked();
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
        // The recompute's own metrics (embedded metric format, Source=Recompute): a repair, and aggregates it cannot settle.
        assertThat(watched).contains("AggregatesRepaired Recompute", "AggregatesUnsettled Recompute");
    }

    @Test
    void everyFunctionLogsToALogGroupOfItsOwnThatExpiresItsLines() {
        Set<String> groups = new LinkedHashSet<>();
        for (FunctionSpec function : TEMPLATE.functions()) {
            Object group = SamTemplate.map(function.properties().get("LoggingConfig")).get("LogGroup");
            assertThat(group).as("%s names its log group", function.logicalId()).isNotNull();
            String id = logicalId(group);
            assertThat(groups.add(id)).as("%s shares log group %s", function.logicalId(), id).isTrue();
            Map<String, Object> resource = SamTemplate.map(TEMPLATE.resources().get(id));
            assertThat(resource.get("Type")).as(id).isEqualTo("AWS::Logs::LogGroup");
            assertThat(SamTemplate.map(resource.get("Properties")).get("RetentionInDays")).as("%s retention", id).isNotNull();
        }
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

    /** Actions IAM defines no resource type for, so that '*' is the only resource a grant of them can name. */
    static final Set<String> ACTIONS_WITHOUT_RESOURCE_TYPES = Set.of("ses:GetAccount");

    @Test
    void noPolicyGrantsAWildcardAction() {
        for (FunctionSpec function : TEMPLATE.functions()) {
            for (Policies.Statement statement : Policies.of(TEMPLATE, function).statements()) {
                assertThat(statement.actions()).as("%s actions", function.logicalId()).noneMatch(a -> a.contains("*"));
                if (statement.resources().contains("*")) {
                    // Only in a statement of its own, so '*' never widens an action that can be scoped.
                    assertThat(statement.actions()).as("%s actions on resource '*'", function.logicalId())
                            .isNotEmpty().allMatch(ACTIONS_WITHOUT_RESOURCE_TYPES::contains);
                }
            }
        }
    }

    // ---- IAM beyond the inline statements (issue 12, items 6 and 7) ----

    /** Tables whose stream a function reads through its own code, not through an event source mapping. */
    static final Map<String, Set<String>> READS_STREAM_ITSELF = Map.of(
            "RecomputeFunction", Set.of("VotesTable")); // VotesStreamReader: the recompute's consistent cut

    /** AWS managed policies SAM links into the role it generates for a function, per event type (samtranslator). */
    static final Map<String, String> MANAGED_POLICY_BY_EVENT = Map.of(
            "DynamoDB", "service-role/AWSLambdaDynamoDBExecutionRole",
            "Kinesis", "service-role/AWSLambdaKinesisExecutionRole",
            "SQS", "service-role/AWSLambdaSQSQueueExecutionRole",
            "MQ", "service-role/AWSLambdaMQExecutionRole",
            "MSK", "service-role/AWSLambdaMSKExecutionRole");

    /**
     * The managed policies a function's role ends up with. A role SAM generates gets AWSLambdaBasicExecutionRole, one
     * per pull event type above, X-Ray's with active tracing, the VPC one with a VpcConfig, and any policy named as a
     * string in Policies; a role the function names gets exactly its ManagedPolicyArns.
     */
    static List<String> managedPolicies(FunctionSpec function) {
        Object role = function.properties().get("Role");
        List<String> managed = new ArrayList<>();
        if (role != null) {
            Map<String, Object> properties = SamTemplate.map(SamTemplate.map(TEMPLATE.resources().get(Policies.roleId(role)))
                    .get("Properties"));
            SamTemplate.list(properties.get("ManagedPolicyArns")).forEach(arn -> managed.add(String.valueOf(arn)));
            return managed;
        }
        managed.add("service-role/AWSLambdaBasicExecutionRole");
        eventTypes(function).forEach(type -> Optional.ofNullable(MANAGED_POLICY_BY_EVENT.get(type)).ifPresent(managed::add));
        Map<String, Object> globals = SamTemplate.map(SamTemplate.map(TEMPLATE.root().get("Globals")).get("Function"));
        Object tracing = function.properties().getOrDefault("Tracing", globals.get("Tracing"));
        if ("Active".equals(tracing)) {
            managed.add("AWSXrayWriteOnlyAccess");
        }
        if (function.properties().containsKey("VpcConfig") || globals.containsKey("VpcConfig")) {
            managed.add("service-role/AWSLambdaVPCAccessExecutionRole");
        }
        SamTemplate.list(function.properties().get("Policies")).stream().filter(p -> p instanceof String)
                .forEach(p -> managed.add(String.valueOf(p)));
        return managed;
    }

    @Test
    void noFunctionGetsAManagedPolicyBeyondWritingLogsAndStreamFunctionsNone() {
        for (FunctionSpec function : TEMPLATE.functions()) {
            List<String> managed = managedPolicies(function);
            assertThat(managed).as("%s managed policies", function.logicalId())
                    .allMatch(arn -> arn.endsWith("service-role/AWSLambdaBasicExecutionRole"));
            if (!function.streams().isEmpty()) {
                // AWSLambdaDynamoDBExecutionRole would allow stream reads on "*": these need roles of their own.
                assertThat(function.properties().get("Role")).as("%s names a role of its own", function.logicalId()).isNotNull();
                assertThat(managed).as("%s managed policies", function.logicalId()).isEmpty();
                assertThat(function.properties()).as("%s Policies (ignored by SAM beside a Role)", function.logicalId())
                        .doesNotContainKey("Policies");
            }
        }
    }

    @Test
    void streamPermissionsNameOnlyTheStreamsAFunctionReads() {
        Set<String> streamActions = Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                "dynamodb:ListStreams");
        for (FunctionSpec function : TEMPLATE.functions()) {
            Set<String> reads = new LinkedHashSet<>(READS_STREAM_ITSELF.getOrDefault(function.logicalId(), Set.of()));
            function.streams().forEach(m -> reads.add(m.tableLogicalId()));
            for (Policies.Statement statement : Policies.of(TEMPLATE, function).statements()) {
                if (statement.actions().stream().noneMatch(streamActions::contains)) {
                    continue;
                }
                assertThat(statement.actions()).as("%s: stream actions stand apart from others", function.logicalId())
                        .allMatch(streamActions::contains);
                for (Object resource : statement.resources()) {
                    assertThat(streamOf(resource)).as("%s: %s names one of its own streams", function.logicalId(), resource)
                            .isPresent().get().isIn(reads);
                }
            }
        }
    }

    /** The table whose stream a resource names: {@code !GetAtt T.StreamArn} or {@code !Sub '${T.Arn}/stream/*'}. */
    static Optional<String> streamOf(Object resource) {
        Map<String, Object> intrinsic = SamTemplate.map(resource);
        List<Object> getAtt = SamTemplate.list(intrinsic.get("Fn::GetAtt"));
        if (getAtt.size() == 2 && "StreamArn".equals(getAtt.get(1))) {
            return Optional.of(String.valueOf(getAtt.get(0)));
        }
        Matcher sub = Pattern.compile("\\$\\{(\\w+)\\.Arn}/stream/\\*").matcher(String.valueOf(intrinsic.get("Fn::Sub")));
        return sub.matches() ? Optional.of(sub.group(1)) : Optional.empty();
    }

    @Test
    void onlyTheFunctionsThatSignMayReadTheSigningKeyAndNoEnvironmentHoldsIt() {
        String secret = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SigningKeySecret}-??????";
        Set<String> signing = new LinkedHashSet<>();
        for (FunctionSpec function : TEMPLATE.functions()) {
            boolean given = function.environment().containsKey(SigningSettings.SIGNING_SECRET_ID);
            if (given) {
                signing.add(function.logicalId());
                assertThat(function.environment().get(SigningSettings.SIGNING_SECRET_ID)).isEqualTo(Map.of("Ref", "SigningKeySecret"));
            }
            List<Policies.Statement> secretStatements = Policies.of(TEMPLATE, function).statements().stream()
                    .filter(st -> st.actions().stream().anyMatch(a -> a.startsWith("secretsmanager:"))).toList();
            if (given) {
                assertThat(secretStatements).as("%s reads the signing key and nothing else", function.logicalId())
                        .singleElement().satisfies(st -> {
                            assertThat(st.actions()).containsExactly("secretsmanager:GetSecretValue");
                            assertThat(st.resources()).containsExactly(Map.of("Fn::Sub", secret));
                        });
            } else {
                assertThat(secretStatements).as("%s may read no secret", function.logicalId()).isEmpty();
            }
            assertThat(function.environment().values().toString()).as("%s environment", function.logicalId())
                    .doesNotContain("resolve:secretsmanager");
            assertThat(function.environment()).doesNotContainKey(SigningSettings.SIGNING_KEY);
        }
        assertThat(signing).contains("ComparisonsFunction", "VotesFunction", "SignupsFunction", "ConfirmationMailerFunction")
                .doesNotContain("VoteStreamFunction", "RecomputeFunction");
    }

    // ---- the edge (issue 12, item 5) ----

    @Test
    void readsAreCachedAtTheEdgeAsTheApiSaysWithoutTheVoterCookieInTheKey() {
        Map<String, Object> config = SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.resources().get("SiteDistribution"))
                .get("Properties")).get("DistributionConfig"));
        Map<String, Map<String, Object>> behaviors = new java.util.HashMap<>();
        SamTemplate.list(config.get("CacheBehaviors")).forEach(b -> behaviors.put(
                String.valueOf(SamTemplate.map(b).get("PathPattern")), SamTemplate.map(b)));
        for (String reads : List.of("/comparisons*", "/tools/*", "/rankings")) {
            Map<String, Object> behavior = behaviors.get(reads);
            assertThat(behavior.get("CachedMethods")).as(reads).isEqualTo(List.of("GET", "HEAD"));
            String policyId = logicalId(behavior.get("CachePolicyId"));
            assertThat(TEMPLATE.resourceType(policyId)).isEqualTo("AWS::CloudFront::CachePolicy");
            Map<String, Object> policy = SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.resources().get(policyId))
                    .get("Properties")).get("CachePolicyConfig"));
            // Cache-Control decides (nothing is kept without it), bounded; ETag revalidation is CloudFront's own.
            assertThat(policy.get("DefaultTTL")).isEqualTo(0);
            assertThat(((Number) policy.get("MaxTTL")).intValue()).isBetween(60, 3600);
            Map<String, Object> key = SamTemplate.map(policy.get("ParametersInCacheKeyAndForwardedToOrigin"));
            assertThat(SamTemplate.map(key.get("CookiesConfig")).get("CookieBehavior")).isEqualTo("none");
            assertThat(SamTemplate.map(key.get("HeadersConfig")).get("HeaderBehavior")).isEqualTo("none");
            Map<String, Object> query = SamTemplate.map(key.get("QueryStringsConfig"));
            assertThat(query.get("QueryStringBehavior")).isEqualTo("whitelist");
            // by: GET /rankings' order, without which every order of a ranking would share one cache entry.
            assertThat(SamTemplate.list(query.get("QueryStrings"))).containsExactlyInAnyOrder("category", "limit", "cursor", "by");
        }
        for (String uncached : List.of("/subscriptions*", "/health")) {
            assertThat(behaviors.get(uncached).get("CachePolicyId")).as(uncached)
                    .isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // managed CachingDisabled
        }
    }

    /** The site and the API share one origin: a route CloudFront sends to S3 would answer the site's 404 page. */
    @Test
    void everyApiRouteIsSentToTheApiByTheDistribution() {
        Map<String, Object> config = SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.resources().get("SiteDistribution"))
                .get("Properties")).get("DistributionConfig"));
        List<Map<String, Object>> toApi = SamTemplate.list(config.get("CacheBehaviors")).stream().map(SamTemplate::map)
                .filter(b -> "api".equals(b.get("TargetOriginId"))).toList();
        for (FunctionSpec function : TEMPLATE.functions()) {
            // The greedy {proxy+} route only turns unknown API paths into 404 problems; through the site's domain an
            // unknown path is the site's own 404 page instead.
            for (FunctionSpec.HttpRoute route : function.routes().stream().filter(r -> !r.path().contains("+}")).toList()) {
                String path = route.path().replaceAll("\\{[^}]+}", "x");
                assertThat(toApi).as("a behaviour sending %s to the API", route.path())
                        .anyMatch(b -> cloudFrontMatches(String.valueOf(b.get("PathPattern")), path));
            }
        }
    }

    /** CloudFront's path patterns: {@code *} is any run of characters, {@code ?} exactly one. */
    private static boolean cloudFrontMatches(String pattern, String path) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return path.matches(regex.toString());
    }

    @Test
    void anOptionalPerClientRateRuleCanGuardTheDistribution() {
        Map<String, Object> parameter = SamTemplate.map(TEMPLATE.parameters().get("RateLimitPerClient"));
        assertThat(parameter.get("Default")).isEqualTo(0);
        assertThat(String.valueOf(parameter.get("Description"))).contains("$5").contains("$0.60 per million");
        Map<String, Object> acl = SamTemplate.map(TEMPLATE.resources().get("EdgeRateLimit"));
        assertThat(acl.get("Type")).isEqualTo("AWS::WAFv2::WebACL");
        assertThat(acl.get("Condition")).isEqualTo("HasRateRule");
        Map<String, Object> properties = SamTemplate.map(acl.get("Properties"));
        assertThat(properties.get("Scope")).isEqualTo("CLOUDFRONT");
        Map<String, Object> rate = SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.list(properties.get("Rules"))
                .getFirst()).get("Statement")).get("RateBasedStatement"));
        assertThat(rate.get("AggregateKeyType")).isEqualTo("IP");
        assertThat(rate.get("Limit")).isEqualTo(Map.of("Ref", "RateLimitPerClient"));
        Map<String, Object> config = SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.resources().get("SiteDistribution"))
                .get("Properties")).get("DistributionConfig"));
        assertThat(config.get("WebACLId")).isEqualTo(Map.of("Fn::If",
                List.of("HasRateRule", Map.of("Fn::GetAtt", List.of("EdgeRateLimit", "Arn")), Map.of("Ref", "AWS::NoValue"))));
    }

    @Test
    void everyTableAFunctionTouchesIsCoveredByItsPolicies() throws Exception {
        TestTables tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
                .load(CatalogueReader.fromClasspath()));
        seedNewsletter(tables);
        Map<String, String> names = new HashMap<>();
        TEMPLATE.tables().forEach(t -> names.put(tables.table(t.logicalId()), t.logicalId()));

        // HTTP functions first: their writes fill the streams the stream functions then read, as on AWS.
        List<FunctionSpec> ordered = new ArrayList<>(TEMPLATE.functions());
        ordered.sort(java.util.Comparator.comparing(f -> f.streams().isEmpty() ? 0 : 1));
        for (FunctionSpec function : ordered) {
            TableAccessRecorder recorder = new TableAccessRecorder();
            // Mail goes to an outbox here, never to SES.
            Map<String, String> local = Map.of(MailSettings.MAIL_SENDER, "outbox",
                    MailSettings.DATA_DIR, Files.createTempDirectory("contract").toString());
            try (LambdaHost host = LambdaHost.of(function, tables.environment(function.logicalId(), local),
                    Duration.ofSeconds(30), recorder)) {
                for (byte[] event : sampleEvents(function)) {
                    boolean redeem = event == REDEMPTION;
                    LambdaResult result = host.invoke(redeem ? redemption(host) : event);
                    assertThat(result.ok()).as("%s answered %s", function.logicalId(), result.describe()).isTrue();
                    if (redeem) {
                        assertThat(HttpAnswer.of(result).status()).as("%s creates a voter for a solved proof", function.logicalId())
                                .isEqualTo(201);
                    }
                }
                for (FunctionSpec.StreamMapping mapping : function.streams()) {
                    String stream = StreamPoller.streamArn(tables.client(), tables.table(mapping.tableLogicalId()));
                    try (StreamPoller poller = new StreamPoller(tables.dynamo().streamsClient(), stream, mapping, host)) {
                        assertThat(poller.drain()).as("%s stream batches", function.logicalId()).isPositive();
                    }
                }
            }
            Policies policies = Policies.of(TEMPLATE, function);
            for (TableAccessRecorder.Access access : recorder.accesses()) {
                String table = names.get(access.table());
                assertThat(table).as("%s touched a table template.yaml does not declare: %s", function.logicalId(), access).isNotNull();
                assertThat(policies.allows(access.action(), table, access.on()))
                        .as("%s needs dynamodb:%s on %s%s", function.logicalId(), access.action(), table,
                                access.on() == TableAccessRecorder.On.TABLE ? "" : " " + access.on())
                        .isTrue();
            }
            assertThat(recorder.accesses()).as("%s sample events reached DynamoDB", function.logicalId()).isNotEmpty();
        }
    }

    /**
     * Something for the weekly issue to say (a comparison published in the week just ended) and a confirmed reader, so
     * the compose function stores an issue and plans a delivery, and the send function's stream has a record to send.
     */
    static void seedNewsletter(TestTables tables) {
        var published = java.time.Instant.now().minus(Duration.ofDays(7));
        var comparison = new dev.verdict.core.domain.Comparison("contract-newsletter-sample", "Sample title", "Which one?",
                "Developer Tools", published, List.of("code-llama-4", "google-scion"), List.of());
        tables.client().putItem(b -> b.tableName(tables.table("ContentTable")).item(dev.verdict.core.store.ContentItems
                .comparisonItem(comparison, Map.of("code-llama-4", "Code Llama 4", "google-scion", "Google Scion"))));
        var reader = new HashMap<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
        reader.put("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ADDRESS#contract@readers.example"));
        reader.put("deliverTo", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("contract@readers.example"));
        reader.put("status", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CONFIRMED"));
        reader.put("cycle", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("contract-cycle"));
        tables.client().putItem(b -> b.tableName(tables.table("SubscribersTable")).item(reader));
    }

    /** Stands for POST /voters with a proof solved for a challenge the function itself has just issued. */
    static final byte[] REDEMPTION = new byte[0];

    /** A voter the votes function knows: a vote and a retraction then reach the votes table, as they do on AWS. */
    static final String SAMPLE_VOTER = "vid=" + VoterCookie.value(new Signer(TestTables.SIGNING_KEY), "contractvoter000000000");

    static byte[] redemption(LambdaHost host) {
        HttpAnswer issued = HttpAnswer.of(host.invoke(HttpEvents.request("GET", "/voters/challenge").json()));
        var challenge = dev.verdict.core.json.Json.readBody(issued.bodyText());
        String text = challenge.get("challenge").asText();
        String nonce = ProofOfWork.solve(text, challenge.get("difficulty").asInt());
        return HttpEvents.request("POST", "/voters")
                .jsonBody("{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}").json();
    }

    /** Representative events: every routed method and path with sample values, and the schedule's event. */
    static List<byte[]> sampleEvents(FunctionSpec function) {
        List<byte[]> events = new ArrayList<>();
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
                events.add(REDEMPTION);
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
            events.add(request.json());
        }
        for (FunctionSpec.Schedule schedule : function.schedules()) {
            events.add(LambdaEvents.scheduled(LambdaEvents.ruleArn(function.logicalId(), schedule.name()), Instant.now()));
        }
        // A topic's message, signed as the local stack's SNS stand-in signs: a complaint for an address nobody
        // subscribed with (so the seeded reader still gets the issue), which tries the suppression and then looks.
        for (Object event : SamTemplate.map(function.properties().get("Events")).values()) {
            if ("SNS".equals(SamTemplate.map(event).get("Type"))) {
                String topic = SnsEvents.topicArn(logicalId(SamTemplate.map(SamTemplate.map(event).get("Properties")).get("Topic")));
                String complaint = "{\"eventType\":\"Complaint\",\"complaint\":{\"feedbackId\":\"contract-sample\","
                        + "\"complainedRecipients\":[{\"emailAddress\":\"nobody@readers.example\"}]}}";
                events.add(SnsEvents.event(List.of(SnsEvents.record(topic, "00000000-contract-sample", complaint, Instant.now(),
                        SnsEvents.LOCAL_KEY))));
            }
        }
        return events;
    }

    static Set<String> eventTypes(FunctionSpec function) {
        Set<String> types = new LinkedHashSet<>();
        SamTemplate.map(function.properties().get("Events")).values()
                .forEach(e -> types.add(String.valueOf(SamTemplate.map(e).get("Type")).replace("ScheduleV2", "Schedule")));
        return types;
    }

    private static String packagePath(String className) {
        return className.substring(0, className.lastIndexOf('.')).replace('.', '/');
    }
}
