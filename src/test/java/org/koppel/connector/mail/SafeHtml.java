package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * The test's own idea of safe HTML, written apart from {@link MailHtml} so a loosened allow-list there
 * fails here: every element and attribute is checked against these sets, every URL and style value.
 */
final class SafeHtml {

    static final Set<String> TAGS = Set.of("a", "abbr", "address", "b", "big", "blockquote", "br", "caption",
            "center", "cite", "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "font", "h1",
            "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
            "samp", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
            "tr", "tt", "u", "ul", "var");
    private static final Set<String> EVERYWHERE = Set.of("title", "dir", "lang", "align", "style");
    private static final Map<String, Set<String>> BY_TAG = Map.ofEntries(
            Map.entry("a", Set.of("href", "target", "rel")),
            Map.entry("img", Set.of("src", "alt", "width", "height", "border", "hspace", "vspace", "referrerpolicy")),
            Map.entry("table", Set.of("border", "cellpadding", "cellspacing", "width", "bgcolor", "summary")),
            Map.entry("td", Set.of("colspan", "rowspan", "width", "height", "valign", "bgcolor", "nowrap", "scope")),
            Map.entry("th", Set.of("colspan", "rowspan", "width", "height", "valign", "bgcolor", "nowrap", "scope")),
            Map.entry("tr", Set.of("valign", "bgcolor")), Map.entry("col", Set.of("span", "width")),
            Map.entry("colgroup", Set.of("span", "width")), Map.entry("font", Set.of("color", "face", "size")),
            Map.entry("ol", Set.of("start", "type")), Map.entry("ul", Set.of("type")), Map.entry("li", Set.of("value")),
            Map.entry("hr", Set.of("size", "width", "noshade")));
    private static final Set<String> NEVER_IN_STYLE = Set.of("url", "expression", "\\", "@", "/*", "javascript",
            "behavior", "binding", "position", "import", "<", "&");

    private SafeHtml() {
    }

    static void assertSafe(String html, boolean remoteImages) {
        // Read as a browser would read it where the CRM puts it: inside a div of the CRM's page.
        for (Element element : Jsoup.parseBodyFragment(html).body().getAllElements()) {
            if (element.nameIs("body")) {
                continue;
            }
            assertThat(TAGS).as("element <%s> in %s", element.normalName(), html).contains(element.normalName());
            for (Attribute attribute : element.attributes()) {
                assertSafe(element, attribute, remoteImages, html);
            }
            if (element.nameIs("a")) {
                assertThat(element.attr("rel")).isEqualTo("noopener noreferrer nofollow");
                assertThat(element.attr("target")).isEqualTo("_blank");
            }
        }
    }

    private static void assertSafe(Element element, Attribute attribute, boolean remoteImages, String html) {
        String name = attribute.getKey().toLowerCase(Locale.ROOT);
        String value = attribute.getValue().strip().toLowerCase(Locale.ROOT);
        assertThat(name).as("attribute %s in %s", name, html).doesNotStartWith("on");
        assertThat(Set.of(EVERYWHERE, BY_TAG.getOrDefault(element.normalName(), Set.of())))
                .as("attribute %s on <%s> in %s", name, element.normalName(), html)
                .anyMatch(allowed -> allowed.contains(name));
        switch (name) {
            case "href" -> assertThat(value).as("href in %s", html)
                    .matches("(https?://|mailto:|tel:)[^\\s\\u0000-\\u001f]*.*");
            case "src" -> assertThat(value.startsWith("cid:")
                    || value.matches("data:image/(png|jpeg|jpg|gif);base64,[a-z0-9+/=\\s]*")
                    || remoteImages && value.matches("https?://.*")).as("src %s in %s", value, html).isTrue();
            case "style" -> assertThat(NEVER_IN_STYLE).as("style %s in %s", value, html)
                    .noneMatch(value::contains);
            case "target" -> assertThat(value).isEqualTo("_blank");
            default -> {
            }
        }
    }
}
