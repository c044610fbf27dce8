package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.connector.mail.TestMails.mail;
import static org.koppel.connector.mail.TestMails.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each mail is built from real bytes in its charset (String.getBytes), never from pasted mojibake. */
class MimeMailCharsetTest {

    private static final String HEAD = "From: a@example.com\nMessage-ID: <m1@example.com>\n";

    static Stream<Arguments> declaredCharsets() {
        return Stream.of(
                Arguments.of("UTF-8", "UTF-8", "Grüße — naïve café, 東京, Привет 🎉"),
                Arguments.of("ISO-8859-1", "ISO-8859-1", "Grüße aus Köln, à bientôt"),
                Arguments.of("windows-1252", "windows-1252", "“Offerte” – €1.250,– … ‘ok’"),
                Arguments.of("ISO-8859-15", "ISO-8859-15", "Prix: 5 € pour l'œuvre"),
                Arguments.of("KOI8-R", "KOI8-R", "Привет, мир! Счёт прилагается."),
                Arguments.of("ISO-2022-JP", "ISO-2022-JP", "お世話になっております。見積書を送ります。"),
                Arguments.of("GB2312", "GB2312", "你好，世界。请查收报价单。"),
                Arguments.of("GBK", "GBK", "朱镕基与陶喆"),
                // GBK characters under a gb2312 label, as Chinese mail programs send them (WHATWG: gb2312 is GBK).
                Arguments.of("gb2312", "GBK", "朱镕基与陶喆"),
                Arguments.of("Shift_JIS", "Shift_JIS", "日本語のテキスト、ｶﾀｶﾅ"),
                // What Outlook does: windows-1252 bytes (0x80-0x9F) under an iso-8859-1 label.
                Arguments.of("iso-8859-1", "windows-1252", "“Hello” – €5 … Œuvre"),
                Arguments.of("\"UTF-8\"", "UTF-8", "quoted label: Grüße"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declaredCharsets")
    void textInADeclaredCharsetIsRead(String label, String bytesIn, String text) {
        ParsedMail mail = parse(mail(HEAD + "Content-Type: text/plain; charset=" + label
                + "\nContent-Transfer-Encoding: 8bit", text.getBytes(Charset.forName(bytesIn))));

        assertThat(mail.text()).isEqualTo(text);
        assertThat(mail.notes()).isEmpty();
    }

    @Test
    void withoutCharsetUtf8BytesAreReadAsUtf8AndOthersAsWindows1252WithANote() {
        ParsedMail utf8 = plain(null, "Grüße €".getBytes(StandardCharsets.UTF_8));
        ParsedMail legacy = plain(null, "Grüße €".getBytes(MailCharsets.WINDOWS_1252));
        ParsedMail ascii = plain(null, "Hello".getBytes(StandardCharsets.US_ASCII));

        assertThat(utf8.text()).isEqualTo("Grüße €");
        assertThat(utf8.notes()).containsExactly("no charset was declared; it was read as UTF-8");
        assertThat(legacy.text()).isEqualTo("Grüße €");
        assertThat(legacy.notes()).containsExactly("no charset was declared; it was read as windows-1252");
        assertThat(ascii.text()).isEqualTo("Hello");
        assertThat(ascii.notes()).isEmpty();
    }

    @Test
    void misspelledCharsetNamesAreReadAsMeantWithANote() {
        ParsedMail utf8 = plain("utf8", "Grüße".getBytes(StandardCharsets.UTF_8));
        ParsedMail latin = plain("latin-1", "Grüße €".getBytes(MailCharsets.WINDOWS_1252));
        ParsedMail dos = plain("cp-850", "Grüße".getBytes(Charset.forName("IBM850")));

        assertThat(utf8.text()).isEqualTo("Grüße");
        assertThat(utf8.notes()).containsExactly("charset \"utf8\" is misspelled; it was read as UTF-8");
        assertThat(latin.text()).isEqualTo("Grüße €");
        assertThat(latin.notes()).containsExactly("charset \"latin-1\" is misspelled; it was read as windows-1252");
        assertThat(dos.text()).isEqualTo("Grüße");
        assertThat(dos.notes()).containsExactly("charset \"cp-850\" is misspelled; it was read as IBM850");
    }

    @Test
    void anUnknownCharsetFallsBackToUtf8OrWindows1252WithANote() {
        ParsedMail utf8 = plain("x-unknown", "Grüße 東京".getBytes(StandardCharsets.UTF_8));
        ParsedMail legacy = plain("x-unknown", "Grüße".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(utf8.text()).isEqualTo("Grüße 東京");
        assertThat(utf8.notes()).containsExactly("charset \"x-unknown\" is unknown; the text was read as UTF-8");
        assertThat(legacy.text()).isEqualTo("Grüße");
        assertThat(legacy.notes()).containsExactly("charset \"x-unknown\" is unknown; the text was read as windows-1252");
    }

    @Test
    void usAsciiThatIsNotIsReadAsTheUtf8ItIs() {
        ParsedMail mail = plain("us-ascii", "Grüße".getBytes(StandardCharsets.UTF_8));

        assertThat(mail.text()).isEqualTo("Grüße");
        assertThat(mail.notes()).containsExactly("the text was declared us-ascii but is not; it was read as UTF-8");
    }

    @Test
    void invalidUtf8ShowsReplacementCharactersWithANote() {
        byte[] broken = TestMails.concat("Gr".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3},
                "e".getBytes(StandardCharsets.US_ASCII));

        ParsedMail mail = plain("utf-8", broken);

        assertThat(mail.text()).isEqualTo("Gr\uFFFDe");
        assertThat(mail.notes()).containsExactly("some of the text was not valid UTF-8 and shows as \uFFFD");
    }

    @Test
    void quotedPrintableWithSoftLineBreaksIsDecoded() {
        ParsedMail mail = parse(mail(HEAD + "Content-Type: text/plain; charset=utf-8\n"
                + "Content-Transfer-Encoding: Quoted-Printable",
                "Gr=C3=BC=C3=9Fe aus K=C3=B6ln, dies ist eine lange Zeile die umgebrochen wi=\r\nrd. 1+1=3D2\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));

        assertThat(mail.text()).isEqualTo("Grüße aus Köln, dies ist eine lange Zeile die umgebrochen wird. 1+1=2\n");
    }

    @Test
    void base64TextIsDecodedInItsCharset() {
        String text = "Привет, мир!\r\nВторая строка.";
        ParsedMail mail = parse(mail(HEAD + "Content-Type: text/plain; charset=koi8-r\n"
                + "Content-Transfer-Encoding: base64",
                TestMails.base64Lines(text.getBytes(Charset.forName("KOI8-R"))).getBytes(StandardCharsets.US_ASCII)));

        assertThat(mail.text()).isEqualTo("Привет, мир!\nВторая строка.");
    }

    @Test
    void htmlWithoutMimeCharsetIsReadInTheCharsetItsMetaTagDeclares() {
        String html = "<html><head><meta charset=\"windows-1251\"></head><body><p>Счёт №5</p></body></html>";
        ParsedMail mail = parse(mail(HEAD + "Content-Type: text/html", html.getBytes(Charset.forName("windows-1251"))));

        assertThat(mail.html()).isEqualTo("<p>Счёт №5</p>");
        assertThat(mail.text()).isEqualTo("Счёт №5");
    }

    @Test
    void aByteOrderMarkIsNotText() {
        ParsedMail mail = plain("utf-8", TestMails.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "Hallo".getBytes(StandardCharsets.US_ASCII)));

        assertThat(mail.text()).isEqualTo("Hallo");
    }

    private static ParsedMail plain(String charset, byte[] body) {
        return parse(mail(HEAD + "Content-Type: text/plain" + (charset == null ? "" : "; charset=" + charset)
                + "\nContent-Transfer-Encoding: 8bit", body));
    }
}
