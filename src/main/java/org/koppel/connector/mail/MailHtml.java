package org.koppel.connector.mail;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeVisitor;

/**
 * Makes a mail's HTML safe to show in the CRM, assuming the sender is hostile, and reads text from it.
 *
 * <p>An allow-list, not a block-list: jsoup's {@link Cleaner} keeps only the elements and attributes
 * named here, so anything unforeseen ({@code <svg>}, {@code <math>}, {@code <iframe>}, event handlers,
 * {@code srcset}, {@code formaction}, {@code background}) is gone by default. Elements not allowed are
 * unwrapped (their text stays, so a mail wrapped in a {@code <form>} still reads), except that script
 * and style content, comments and the head are dropped. No {@code id}, {@code name} or {@code class}
 * survives: they could take hold of the CRM page's own scripts (DOM clobbering) or styles.
 */
public final class MailHtml {

    /** Shown instead of a remote image not loaded, so a person sees something was there. */
    static final String BLOCKED_IMAGE_TITLE = "Image from the internet not loaded";
    /** Shown instead of an image whose source could run script or is no image (javascript:, data:image/svg). */
    static final String UNSAFE_IMAGE_TITLE = "Image not shown: it could not be shown safely";

    static final Set<String> LINK_PROTOCOLS = Set.of("http", "https", "mailto", "tel");
    static final Set<String> IMAGE_PROTOCOLS = Set.of("http", "https", "cid", "data");

    /**
     * Inline images a mail carries in itself may stay: in an {@code img} a browser never runs script
     * from them, and they reveal nothing to the sender. SVG is not among them (an SVG document can
     * carry script, should it ever be opened on its own).
     */
    private static final Pattern DATA_IMAGE = Pattern.compile("(?i)data:image/(?:png|jpeg|jpg|gif);base64,[a-z0-9+/=\\s]*");

    private static final Safelist SAFELIST = new Safelist()
            .addTags("a", "abbr", "address", "b", "big", "blockquote", "br", "caption", "center", "cite", "code",
                    "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4",
                    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
                    "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
                    "thead", "tr", "tt", "u", "ul", "var")
            .addAttributes(":all", "title", "dir", "lang", "align", "style")
            .addAttributes("a", "href")
            .addAttributes("img", "src", "alt", "width", "height", "border", "hspace", "vspace")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "width", "bgcolor", "summary")
            .addAttributes("td", "colspan", "rowspan", "width", "height", "valign", "bgcolor", "nowrap", "scope")
            .addAttributes("th", "colspan", "rowspan", "width", "height", "valign", "bgcolor", "nowrap", "scope")
            .addAttributes("tr", "valign", "bgcolor")
            .addAttributes("col", "span", "width")
            .addAttributes("colgroup", "span", "width")
            .addAttributes("font", "color", "face", "size")
            .addAttributes("ol", "start", "type")
            .addAttributes("ul", "type")
            .addAttributes("li", "value")
            .addAttributes("hr", "size", "width", "noshade")
            .addProtocols("a", "href", LINK_PROTOCOLS.toArray(String[]::new))
            .addProtocols("img", "src", IMAGE_PROTOCOLS.toArray(String[]::new))
            // The CRM's page is not the mail's: links open apart from it and tell the target nothing.
            .addEnforcedAttribute("a", "target", "_blank")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    /** Elements that start a line in the text read from HTML. */
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "table", "blockquote", "pre",
            "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ul", "ol", "dl", "dt", "dd", "address", "center", "caption");

    private static final Pattern PARAGRAPHS = Pattern.compile("p|h[1-6]|blockquote|table");

    private MailHtml() {
    }

    /** The mail's HTML, safe to put in the CRM's page; the body's content only. */
    public static String sanitise(String html, boolean remoteImages) {
        return clean(html, remoteImages).body().html().strip();
    }

    /**
     * Cleaned twice: the cleaner copies allowed elements where it finds them, which can leave a tree no
     * HTML parser would build (a table straight inside a table, once the row between was not allowed).
     * A browser reading such markup builds another tree than the one checked; cleaning the first
     * result's markup again gives markup that reads back as itself.
     */
    static Document clean(String html, boolean remoteImages) {
        String once = cleanOnce(html, remoteImages).body().html();
        return cleanOnce(once, remoteImages);
    }

    private static Document cleanOnce(String html, boolean remoteImages) {
        Document clean = new Cleaner(SAFELIST).clean(Jsoup.parse(html));
        for (Element image : clean.select("img")) {
            keepOrBlock(image, remoteImages);
        }
        for (Element styled : clean.select("[style]")) {
            String style = MailCss.filter(styled.attr("style"));
            if (style == null) {
                styled.removeAttr("style");
            } else {
                styled.attr("style", style);
            }
        }
        clean.outputSettings().prettyPrint(false);
        return clean;
    }

    private static void keepOrBlock(Element image, boolean remoteImages) {
        String src = image.attr("src").strip();
        String scheme = src.contains(":") ? src.substring(0, src.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        boolean keep = switch (scheme) {
            case "cid" -> true;   // the UI points it at the stored attachment with that Content-ID
            case "data" -> DATA_IMAGE.matcher(src).matches();
            case "http", "https" -> remoteImages;
            default -> false;
        };
        if (keep) {
            if (scheme.startsWith("http")) {
                image.attr("referrerpolicy", "no-referrer");   // the sender learns of the CRM no more than needed
            }
            return;
        }
        String alt = image.attr("alt").strip();
        Element placeholder = new Element("span")
                .attr("title", scheme.startsWith("http") ? BLOCKED_IMAGE_TITLE : UNSAFE_IMAGE_TITLE)
                .text(alt.isEmpty() ? "[image]" : "[image: " + alt + "]");
        image.replaceWith(placeholder);
    }

    /**
     * The text a person reads in the HTML: block elements on lines of their own, list items marked,
     * table cells apart, whitespace as a browser collapses it (but kept in {@code pre}).
     */
    public static String text(String html) {
        return text(clean(html, false));
    }

    static String text(Document clean) {
        StringBuilder text = new StringBuilder();
        clean.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode words) {
                    boolean pre = words.parent() instanceof Element parent && parent.closest("pre") != null;
                    String content = pre ? words.getWholeText() : words.text().replaceAll("\\s+", " ");
                    if (!pre && (text.isEmpty() || text.charAt(text.length() - 1) == '\n')) {
                        content = content.stripLeading();
                    }
                    text.append(content);
                } else if (node instanceof Element element) {
                    if (element.nameIs("br")) {
                        text.append('\n');
                    } else if (PARAGRAPHS.matcher(element.normalName()).matches()) {
                        blankLine(text);
                    } else if (BLOCKS.contains(element.normalName())) {
                        newLine(text);
                    }
                    if (element.nameIs("li")) {
                        text.append("- ");
                    } else if ((element.nameIs("td") || element.nameIs("th")) && element.elementSiblingIndex() > 0) {
                        text.append('\t');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && !element.nameIs("br") && BLOCKS.contains(element.normalName())) {
                    if (PARAGRAPHS.matcher(element.normalName()).matches()) {
                        blankLine(text);
                    } else {
                        newLine(text);
                    }
                }
            }
        });
        return text.toString().replaceAll("[ \t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    /** Paragraphs, headings, quotes and tables stand apart by a blank line, as their margins set them apart. */
    private static void blankLine(StringBuilder text) {
        newLine(text);
        if (!text.isEmpty() && !(text.length() >= 2 && text.charAt(text.length() - 2) == '\n')) {
            text.append('\n');
        }
    }

    private static void newLine(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
