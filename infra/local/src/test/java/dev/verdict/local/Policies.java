package dev.verdict.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A function's IAM statements from template.yaml, and whether they allow one action on one table. */
final class Policies {

    record Statement(List<String> actions, List<Object> resources) {
    }

    private final List<Statement> statements;

    private Policies(List<Statement> statements) {
        this.statements = statements;
    }

    /**
     * A function's Allow statements: its SAM {@code Policies}, or, when it names a {@code Role} of the template, that
     * role's inline policies (SAM ignores Policies then, and links nothing into a role it did not generate).
     */
    static Policies of(dev.verdict.localkit.SamTemplate template, dev.verdict.localkit.FunctionSpec function) {
        List<Statement> statements = new ArrayList<>();
        Object role = function.properties().get("Role");
        if (role != null) {
            Map<String, Object> roleResource = dev.verdict.localkit.SamTemplate.map(template.resources().get(roleId(role)));
            for (Object policy : dev.verdict.localkit.SamTemplate.list(
                    dev.verdict.localkit.SamTemplate.map(roleResource.get("Properties")).get("Policies"))) {
                addAllowed(statements, dev.verdict.localkit.SamTemplate.map(policy).get("PolicyDocument"));
            }
        } else if (function.properties().get("Policies") instanceof List<?> list) {
            list.forEach(policy -> addAllowed(statements, policy));
        }
        return new Policies(statements);
    }

    /** The logical id of the role a function's {@code Role: !GetAtt X.Arn} names. */
    static String roleId(Object role) {
        return String.valueOf(dev.verdict.localkit.SamTemplate.list(dev.verdict.localkit.SamTemplate.map(role).get("Fn::GetAtt"))
                .stream().findFirst().orElse(role));
    }

    @SuppressWarnings("unchecked")
    private static void addAllowed(List<Statement> statements, Object policyDocument) {
        if (policyDocument instanceof Map<?, ?> map && map.get("Statement") instanceof List<?> declared) {
            for (Object s : declared) {
                Map<String, Object> statement = (Map<String, Object>) s;
                if ("Allow".equals(statement.get("Effect"))) {
                    statements.add(new Statement(strings(statement.get("Action")), objects(statement.get("Resource"))));
                }
            }
        }
    }

    List<Statement> statements() {
        return statements;
    }

    /** True when some statement allows {@code dynamodb:action} on the table, its indexes or its stream. */
    boolean allows(String action, String tableLogicalId, TableAccessRecorder.On on) {
        for (Statement statement : statements) {
            if (!statement.actions().contains("dynamodb:" + action)) {
                continue;
            }
            for (Object resource : statement.resources()) {
                boolean matches = switch (on) {
                    case TABLE -> isTableArn(resource, tableLogicalId);
                    case INDEX -> isIndexArn(resource, tableLogicalId);
                    case STREAM -> isStreamArn(resource, tableLogicalId);
                };
                if (matches) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isTableArn(Object resource, String table) {
        if (resource instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
            return getAtt.size() == 2 && table.equals(getAtt.get(0)) && "Arn".equals(getAtt.get(1));
        }
        return resource instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String sub && sub.equals("${" + table + ".Arn}");
    }

    private static boolean isStreamArn(Object resource, String table) {
        return resource instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt
                && getAtt.size() == 2 && table.equals(getAtt.get(0)) && "StreamArn".equals(getAtt.get(1));
    }

    private static boolean isIndexArn(Object resource, String table) {
        return resource instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String sub
                && sub.startsWith("${" + table + ".Arn}/index/");
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static List<Object> objects(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return value == null ? List.of() : List.of(value);
    }
}
