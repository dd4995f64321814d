package dev.verdict.localkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml, read as data: the single source of truth for tables, functions, routes, stream mappings and
 * schedules. The local stack and the tests derive everything from here instead of keeping a second list.
 * CloudFormation's short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, …) become their long forms.
 */
public final class SamTemplate {

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new CloudFormationConstructor()).load(reader);
            return new SamTemplate(LanguageExtensions.expand(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's template.yaml: from the {@code verdict.root} property, else the nearest parent holding one. */
    public static Path locate() {
        String configured = System.getProperty("verdict.root");
        if (configured != null && Files.exists(Path.of(configured, "template.yaml"))) {
            return Path.of(configured, "template.yaml").toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    public String resourceType(String logicalId) {
        return (String) map(resources().get(logicalId)).get("Type");
    }

    public List<TableSpec> tables() {
        List<TableSpec> tables = new ArrayList<>();
        resources().forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if ("AWS::DynamoDB::Table".equals(r.get("Type"))) {
                tables.add(TableSpec.from(id, map(r.get("Properties"))));
            }
        });
        return tables;
    }

    public List<FunctionSpec> functions() {
        Map<String, Object> globals = map(map(map(root.get("Globals")).get("Function")).get("Environment"));
        Map<String, Object> globalVariables = map(globals.get("Variables"));
        List<FunctionSpec> functions = new ArrayList<>();
        resources().forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                functions.add(FunctionSpec.from(id, map(r.get("Properties")), globalVariables,
                        value -> resolve(value, "", Map.of())));
            }
        });
        return functions;
    }

    /** A function's Timeout in seconds: its own, else the Globals', else Lambda's default of 3. */
    public int timeoutSeconds(FunctionSpec function) {
        Object own = function.properties().get("Timeout");
        Object global = map(map(root.get("Globals")).get("Function")).get("Timeout");
        Object timeout = own != null ? own : global;
        return timeout instanceof Number n ? n.intValue() : 3;
    }

    /** A function's MemorySize in MB: its own, else the Globals', else Lambda's default of 128. */
    public int memorySize(FunctionSpec function) {
        Object own = function.properties().get("MemorySize");
        Object global = map(map(root.get("Globals")).get("Function")).get("MemorySize");
        Object memory = own != null ? own : global;
        return memory instanceof Number n ? n.intValue() : 128;
    }

    /** Whether SnapStart applies to the function's published versions (its own setting, else the Globals'). */
    public boolean snapStart(FunctionSpec function) {
        Object own = function.properties().get("SnapStart");
        Object setting = own != null ? own : map(map(root.get("Globals")).get("Function")).get("SnapStart");
        return "PublishedVersions".equals(map(setting).get("ApplyOn"));
    }

    public FunctionSpec function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in template.yaml"));
    }

    /**
     * Resolves a function's environment as it would be on AWS, with local stand-ins, and nothing the template does not
     * give it: a {@code !Ref} to a table becomes {@code tablePrefix + logicalId}, a {@code !Ref} to a parameter takes
     * {@code localValues} or the parameter's default, and {@code localValues} replaces any of the function's variables
     * by name (the site's origin, MAIL_SENDER). Of the rest of {@code localValues}, a function gets only what stands in
     * for something only AWS has ({@link #STAND_INS}, where the template gives it the original) and what every function
     * has off AWS ({@link #EVERY_FUNCTION}).
     */
    public Map<String, String> localEnvironment(FunctionSpec function, String tablePrefix, Map<String, String> localValues) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> {
            String standIn = STAND_INS.get(name);
            if (standIn != null) {
                // Something only AWS has: the local stand-in goes to this function (and only to the functions
                // template.yaml gives the original, so a function that lacks it on AWS lacks it here too).
                Optional.ofNullable(localValues.get(standIn)).ifPresent(local -> env.put(standIn, local));
                return;
            }
            String resolved = localValues.containsKey(name) ? localValues.get(name) : resolve(value, tablePrefix, localValues);
            if (resolved != null) {
                env.put(name, resolved);
            }
        });
        EVERY_FUNCTION.forEach(name -> Optional.ofNullable(localValues.get(name)).ifPresent(local -> env.putIfAbsent(name, local)));
        if (subscribesToSns(function)) {
            // SNS's signing certificate cannot be fetched for messages nobody at SNS signed: the local one stands in.
            Optional.ofNullable(localValues.get(SNS_LOCAL_CERTIFICATE)).ifPresent(pem -> env.putIfAbsent(SNS_LOCAL_CERTIFICATE, pem));
        }
        if ("outbox".equals(env.get("MAIL_SENDER"))) {
            // SES's stand-in is the outbox under DATA_DIR: a sender without a failure queue needs the directory too.
            Optional.ofNullable(localValues.get("DATA_DIR")).ifPresent(dir -> env.putIfAbsent("DATA_DIR", dir));
        }
        return env;
    }

    /**
     * Variables that name something only AWS has, and the local variable that stands in for each: the signing-key
     * secret (read from Secrets Manager at INIT) becomes the key's text itself, and the queue of refused confirmation
     * messages a directory under the local data directory.
     */
    static final Map<String, String> STAND_INS = Map.of("SIGNING_SECRET_ID", "SIGNING_KEY", "MAIL_FAILURE_QUEUE_URL", "DATA_DIR");

    /** Off AWS, the certificate a function subscribed to SNS verifies messages with (SnsEvents.LOCAL_CERTIFICATE). */
    public static final String SNS_LOCAL_CERTIFICATE = "SNS_LOCAL_CERTIFICATE";

    private static boolean subscribesToSns(FunctionSpec function) {
        return map(function.properties().get("Events")).values().stream().anyMatch(e -> "SNS".equals(map(e).get("Type")));
    }

    /** What every function has off AWS: the region Lambda would set, and the local DynamoDB engine in place of AWS's. */
    static final List<String> EVERY_FUNCTION = List.of("AWS_REGION", "DYNAMODB_ENDPOINT");

    /**
     * What functions get off AWS in place of what Lambda and the stack's parameters give them there: the DynamoDB
     * endpoint and a region for every function, the site's origin (for CORS and links) for the functions template.yaml
     * gives it, and the signing key's text for those it gives the signing-key secret. Callers add their own on top.
     */
    public static Map<String, String> localStandIns(java.net.URI dynamoEndpoint, String signingKey, String origin) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("DYNAMODB_ENDPOINT", dynamoEndpoint.toString());
        local.put("SIGNING_KEY", signingKey);
        local.put("ALLOWED_ORIGIN", origin);
        local.put("SITE_URL", origin);
        local.put("AWS_REGION", "us-east-1");
        local.put(SNS_LOCAL_CERTIFICATE, SnsEvents.LOCAL_CERTIFICATE);
        return local;
    }

    private String resolve(Object value, String tablePrefix, Map<String, String> localValues) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value == null ? null : value.toString();
        }
        Map<String, Object> intrinsic = map(value);
        if (intrinsic.containsKey("Ref")) {
            return resolveName((String) intrinsic.get("Ref"), tablePrefix, localValues);
        }
        if (intrinsic.containsKey("Fn::Sub") && intrinsic.get("Fn::Sub") instanceof String text) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = resolveName(m.group(1), tablePrefix, localValues);
                m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? "" : replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        return null;
    }

    private String resolveName(String name, String tablePrefix, Map<String, String> localValues) {
        if (localValues.containsKey(name)) {
            return localValues.get(name);
        }
        if (resources().containsKey(name) && "AWS::DynamoDB::Table".equals(resourceType(name))) {
            return tablePrefix + name;
        }
        if (resources().containsKey(name) && "AWS::SNS::Topic".equals(resourceType(name))) {
            // A topic's Ref is its ARN; the local stack has no SNS, only the messages it would deliver (SnsEvents).
            return SnsEvents.topicArn(name);
        }
        Object parameter = parameters().get(name);
        if (parameter != null) {
            Object fallback = map(parameter).get("Default");
            return fallback == null ? null : fallback.toString();
        }
        return switch (name) {
            case "AWS::Region" -> "us-east-1";
            case "AWS::AccountId" -> "000000000000";
            case "AWS::StackName" -> "local";
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** Short-form intrinsic tags as the long forms CloudFormation itself uses: {@code !GetAtt A.B} → {@code {Fn::GetAtt: [A, B]}}. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
                "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "ToJsonString", "Length");

        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
