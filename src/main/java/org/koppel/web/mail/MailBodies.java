package org.koppel.web.mail;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.MailAttachmentInfo;
import org.koppel.crm.mail.MailLog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * A logged mail's body as a document of its own, for the mail page's sandboxed frame. Its HTML was
 * sanitised when logged; this is the second wall, should the sanitiser ever let something through:
 * the frame has no allow-scripts and no allow-same-origin, and the document's own policy forbids
 * script, every load but the mail's inline images (as data: URLs; remote images where allowed), framing by
 * another site, forms, and runs it in a sandbox also when opened directly.
 */
@Component
public class MailBodies {

    /** Links may open, in a new window outside the sandbox; nothing else is allowed. */
    public static final String SANDBOX = "allow-popups allow-popups-to-escape-sandbox";
    /** Inline images larger than this together are left out of the body (they stay downloadable). */
    static final long INLINE_BYTES = 20L * 1024 * 1024;

    private final MailLog mails;

    public MailBodies(MailLog mails) {
        this.mails = mails;
    }

    public ResponseEntity<String> response(LoggedMail mail, boolean remoteImages) {
        var headers = new HttpHeaders();
        headers.setContentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8));
        headers.set("Content-Security-Policy", policy(remoteImages));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "SAMEORIGIN");
        headers.set("Referrer-Policy", "no-referrer");
        return ResponseEntity.ok().headers(headers).body(document(mail));
    }

    /**
     * No request at all to Koppel's origin: inline images come as data: URLs. (Pointed at Koppel's
     * inline-image address instead, they did not load in Chromium, most likely because a sandboxed
     * frame's requests count as cross-site and the session cookie, SameSite=Lax (docs/security.md), stays home.)
     */
    public static String policy(boolean remoteImages) {
        return "default-src 'none'; img-src data:" + (remoteImages ? " https:" : "")
                + "; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox " + SANDBOX;
    }

    /** The mail's HTML with cid: images pointing at their inline address, or its text when it has no HTML. */
    String document(LoggedMail mail) {
        Document document;
        if (mail.html() == null || mail.html().isBlank()) {
            document = Jsoup.parse("");
            document.body().appendElement("pre").attr("style", "white-space: pre-wrap; font-family: inherit")
                    .text(mail.text() == null ? "" : mail.text());
        } else {
            document = Jsoup.parse(mail.html());
            rewriteCids(document, mail);
            document.select("base, meta[http-equiv]").remove();
            for (Element link : document.select("a[href]")) link.attr("target", "_blank").attr("rel", "noopener noreferrer");
        }
        document.head().prependElement("meta").attr("name", "referrer").attr("content", "no-referrer");
        document.head().prependElement("meta").attr("charset", "utf-8");
        document.outputSettings().prettyPrint(false).charset("UTF-8").escapeMode(Entities.EscapeMode.base);
        return document.outerHtml();
    }

    /** {@code cid:part1@example} to the image with that Content-ID as a data: URL; unknown ones, and other types, go. */
    private void rewriteCids(Document document, LoggedMail mail) {
        Map<String, MailAttachmentInfo> byCid = mail.attachments().stream().filter(a -> a.contentId() != null)
                .collect(Collectors.toMap(a -> cid(a.contentId()), Function.identity(), (a, b) -> a));
        var dataUrls = new java.util.HashMap<Integer, String>();
        long budget = INLINE_BYTES;
        for (String attribute : new String[] {"src", "background"}) {
            for (Element element : document.select("[" + attribute + "]")) {
                String value = element.attr(attribute).strip();
                if (!value.toLowerCase(Locale.ROOT).startsWith("cid:")) continue;
                MailAttachmentInfo image = byCid.get(cid(value.substring(4)));
                String url = null;
                if (image != null && AttachmentResponses.showsInline(image)) {
                    url = dataUrls.get(image.position());
                    if (url == null && image.size() <= budget) {
                        byte[] bytes = mails.attachmentContent(mail.id(), image.position()).orElse(null);
                        if (bytes != null) {
                            budget -= bytes.length;
                            url = "data:" + AttachmentResponses.baseType(image.contentType()) + ";base64,"
                                    + java.util.Base64.getEncoder().encodeToString(bytes);
                            dataUrls.put(image.position(), url);
                        }
                    }
                }
                if (url != null) element.attr(attribute, url);
                else element.removeAttr(attribute);
            }
        }
    }

    /** A Content-ID as a cid: URL names it: without angle brackets, URL-decoded (RFC 2392), lower case. */
    private static String cid(String id) {
        String bare = id.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) bare = bare.substring(1, bare.length() - 1);
        try {
            bare = java.net.URLDecoder.decode(bare.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a stray % is just a character of the id
        }
        return bare.toLowerCase(Locale.ROOT);
    }
}
