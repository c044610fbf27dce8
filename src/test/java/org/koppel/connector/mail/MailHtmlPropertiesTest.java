package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Nasty fragments built from the pieces XSS is made of, in any order, case and nesting. */
class MailHtmlPropertiesTest {

    private static final List<String> PIECES = List.of("<script>", "</script>", "<img", "<svg", "<math", "<iframe",
            "<style>", "</style>", "<a", "<noscript>", "</noscript>", "<textarea>", "<title>", "<xmp>", "<template>",
            "<object", "<embed", "<base", "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">", "<form",
            "<input", "<button", "<table>", "<td", "<p", "<div", "<!--", "-->", "<![CDATA[", "]]>", ">", "/>", "\"", "'",
            "`", "=", " ", "\t", "\n", "&#x09;", "&#106;", "&#x6A;", "&colon;", "&lpar;", "&quot;", "&lt;", "\\",
            " onerror=alert(1)", " onload=alert(1)", " OnMouseOver=alert(1)", " href=", " src=", " srcset=",
            " style=", " background=", " poster=", " formaction=", " action=", " xlink:href=", " data=", " lowsrc=",
            "javascript:alert(1)", "jav&#x09;ascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "data:image/svg+xml,",
            "data:image/png;base64,iVBORw0KGgo=", "cid:x", "http://evil.example/p.gif", "expression(alert(1))",
            "url(javascript:alert(1))", "\\75 rl(", "@import 'x';", "position:fixed", "color:red", "/*", "*/", ";",
            "behavior:url(#default#time2)", "-moz-binding:url(x)", "x");

    @Property(tries = 1000)
    void nothingExecutableSurvivesAnyMixOfXssPieces(@ForAll("fragments") String fragment) {
        SafeHtml.assertSafe(MailHtml.sanitise(fragment, false), false);
        SafeHtml.assertSafe(MailHtml.sanitise(fragment, true), true);
    }

    @Property(tries = 500)
    void sanitisingAgainChangesNothing(@ForAll("fragments") String fragment) {
        // Were a browser's second reading to see other markup than the first (mutation XSS), so would this.
        String once = MailHtml.sanitise(fragment, false);

        assertThat(MailHtml.sanitise(once, false)).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> fragments() {
        Arbitrary<String> piece = Arbitraries.of(PIECES).flatMap(p -> Arbitraries.of(true, false)
                .map(upper -> upper ? p.toUpperCase() : p));
        return piece.list().ofMinSize(1).ofMaxSize(40).map(pieces -> String.join("", pieces));
    }
}
