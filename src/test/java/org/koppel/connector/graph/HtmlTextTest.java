package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text of Outlook's HTML event bodies and To Do's HTML task notes. */
class HtmlTextTest {

    @Test
    void outlooksDocumentOfParagraphsIsItsLines() {
        String outlook = "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
                + "<style type=\"text/css\" style=\"display:none\">\r\n<!--\r\np\r\n\t{margin-top:0;\r\n\tmargin-bottom:0}\r\n-->\r\n</style>\r\n"
                + "</head>\r\n<body dir=\"ltr\">\r\n<div class=\"elementToProof\" style=\"font-family: Aptos; font-size: 12pt\">Beste Jan,</div>\r\n"
                + "<div class=\"elementToProof\"><br>\r\n</div>\r\n<div class=\"elementToProof\">Tot   dinsdag&nbsp;om 10:00 &amp; neem de "
                + "offerte mee.</div>\r\n</body>\r\n</html>\r\n";
        assertThat(HtmlText.toText(outlook)).isEqualTo("Beste Jan,\n\nTot dinsdag om 10:00 & neem de offerte mee.");
    }

    @Test
    void aToDoNoteBecomesItsLinesOfText() {
        String todo = """
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

        assertThat(HtmlText.toText(todo)).isEqualTo("Bel Anne over de offerte\n\nPrijs < € 200 & levering “z.s.m.”");
    }

    @Test
    void breaksCharacterReferencesAndTagsInsideALine() {
        assertThat(HtmlText.toText("<p>Regel 1<br>Regel 2<br/><br />Regel &lt;4&gt; &#8364;5 &#x263A;</p><p><b>vet</b> en <i>schuin</i></p>"))
                .isEqualTo("Regel 1\nRegel 2\n\nRegel <4> €5 ☺\nvet en schuin");
    }

    @Test
    void listItemsAreLinesAndTheSameBodyAlwaysGivesTheSameText() {
        String html = "<p>Regel een<br/>regel twee</p><ul><li>punt</li></ul>";
        assertThat(HtmlText.toText(html)).isEqualTo("Regel een\nregel twee\npunt");
        assertThat(HtmlText.toText(html)).isEqualTo(HtmlText.toText(html));
        assertThat(HtmlText.toText("")).isEmpty();
        assertThat(HtmlText.toText("&bogus; &#99999999;")).as("what is no character reference stays").isEqualTo("&bogus; &#99999999;");
    }

    @Test
    void textTheFakeWrappedAsOutlookDoesComesBackUnchanged() {
        String text = "Regel 1\n\nRegel 3 <met> & \"tekens\"";
        String html = "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n"
                + "Regel 1<br>\r\n<br>\r\nRegel 3 &lt;met&gt; &amp; &quot;tekens&quot;\r\n</body>\r\n</html>\r\n";
        assertThat(HtmlText.toText(html)).isEqualTo(text);
    }
}
