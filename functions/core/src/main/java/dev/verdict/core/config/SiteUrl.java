package dev.verdict.core.config;

/** The site's public URL (SITE_URL), without a trailing slash: the base of links and problem types the API hands out. */
public record SiteUrl(String value) {

    public static final String SITE_URL = "SITE_URL";

    public SiteUrl {
        value = value.replaceAll("/+$", "");
    }

    public static SiteUrl from(Settings settings) {
        return new SiteUrl(settings.require(SITE_URL));
    }
}
