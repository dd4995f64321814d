package dev.verdict.content.pages;

import static dev.verdict.content.pages.Html.escape;

import java.util.Map;

/**
 * What a generated page tells link previews and crawlers in its {@code <head>}: its canonical address, and Open Graph's
 * and Twitter's cards with the page's own preview image. One writer, so every page says it the same way.
 *
 * @param extra further Open Graph properties after the common ones (a comparison's {@code article:published_time})
 */
record SharingTags(String url, String type, String title, String description, String image, String imageAlt,
                   Map<String, String> extra) {

    String html() {
        StringBuilder out = new StringBuilder();
        out.append("<link rel=\"canonical\" href=\"").append(escape(url)).append("\">\n");
        meta(out, "property", "og:type", type);
        meta(out, "property", "og:site_name", "The Verdict");
        meta(out, "property", "og:title", title);
        meta(out, "property", "og:description", description);
        meta(out, "property", "og:url", url);
        meta(out, "property", "og:image", image);
        meta(out, "property", "og:image:type", "image/png");
        meta(out, "property", "og:image:width", String.valueOf(PreviewImage.WIDTH));
        meta(out, "property", "og:image:height", String.valueOf(PreviewImage.HEIGHT));
        meta(out, "property", "og:image:alt", imageAlt);
        extra.forEach((property, value) -> meta(out, "property", property, value));
        meta(out, "name", "twitter:card", "summary_large_image");
        meta(out, "name", "twitter:title", title);
        meta(out, "name", "twitter:description", description);
        meta(out, "name", "twitter:image", image);
        meta(out, "name", "twitter:image:alt", imageAlt);
        return out.toString();
    }

    private static void meta(StringBuilder out, String kind, String key, String content) {
        out.append("  <meta ").append(kind).append("=\"").append(escape(key)).append("\" content=\"")
                .append(escape(content)).append("\">\n");
    }
}
