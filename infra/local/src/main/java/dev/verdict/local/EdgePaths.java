package dev.verdict.local;

import dev.verdict.localkit.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which paths CloudFront sends to the API rather than to the site's bucket: the PathPatterns of the distribution's
 * cache behaviours whose origin is not the bucket, read from template.yaml. The local front door asks it so a page
 * path that is missing answers as CloudFront would (404 and the not-found page) instead of reaching the API's
 * catch-all route.
 */
final class EdgePaths {

    private final List<Pattern> apiPatterns;

    EdgePaths(List<String> pathPatterns) {
        this.apiPatterns = pathPatterns.stream().map(EdgePaths::compile).toList();
    }

    static EdgePaths of(SamTemplate template) {
        List<String> patterns = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            if (!"AWS::CloudFront::Distribution".equals(template.resourceType(id))) {
                return;
            }
            Object config = SamTemplate.map(SamTemplate.map(resource).get("Properties")).get("DistributionConfig");
            Object site = SamTemplate.map(SamTemplate.map(config).get("DefaultCacheBehavior")).get("TargetOriginId");
            for (Object behaviour : SamTemplate.list(SamTemplate.map(config).get("CacheBehaviors"))) {
                var fields = SamTemplate.map(behaviour);
                if (!String.valueOf(fields.get("TargetOriginId")).equals(String.valueOf(site))) {
                    patterns.add(String.valueOf(fields.get("PathPattern")));
                }
            }
        });
        return new EdgePaths(patterns);
    }

    /** No distribution in the template: nothing to go by, so every path may be the API's. */
    boolean empty() {
        return apiPatterns.isEmpty();
    }

    boolean toApi(String rawPath) {
        return apiPatterns.stream().anyMatch(pattern -> pattern.matcher(rawPath).matches());
    }

    /** CloudFront's path patterns: {@code *} any run of characters, {@code ?} exactly one; case-sensitive. */
    private static Pattern compile(String pathPattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pathPattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
