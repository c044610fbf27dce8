package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void anOutlookBodyBecomesItsLinesOfText() {
        String outlook = """
                <html>\r
                <head>\r
                <meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r
                <style type="text/css" style="display:none">\r
                <!--\r
                p\r
                	{margin-top:0;\r
                	margin-bottom:0}\r
                -->\r
                </style>\r
                </head>\r
                <body dir="ltr">\r
                <div class="elementToProof" style="font-family: Aptos, sans-serif; font-size: 12pt">Bel Anne over de offerte</div>\r
                <div class="elementToProof"><br></div>\r
                <div class="elementToProof">Prijs &lt; &euro;&nbsp;200 &amp; levering &#8220;z.s.m.&#8221;</div>\r
                </body>\r
                </html>\r
                """;

        assertThat(HtmlText.toPlain(outlook)).isEqualTo("Bel Anne over de offerte\n\nPrijs < € 200 & levering “z.s.m.”");
    }

    @Test
    void breaksAndParagraphsAreLineBreaksAndTheSameBodyAlwaysGivesTheSameText() {
        String html = "<p>Regel een<br/>regel twee</p><ul><li>punt</li></ul>";
        assertThat(HtmlText.toPlain(html)).isEqualTo("Regel een\nregel twee\npunt");
        assertThat(HtmlText.toPlain(html)).isEqualTo(HtmlText.toPlain(html));
        assertThat(HtmlText.toPlain("")).isEmpty();
        assertThat(HtmlText.toPlain("&bogus; &#99999999;")).isEqualTo("&bogus; &#99999999;");
    }
}
