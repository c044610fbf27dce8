package org.koppel.connector.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class HrefsTest {

    private static final URI BOOK = URI.create("https://dav.example.com/dav/user%40example.com/contacts");

    @Test
    void theAddressBookUrlGetsOneTrailingSlashAndCanonicalEncoding() {
        assertThat(Hrefs.collection(BOOK)).isEqualTo(URI.create("https://dav.example.com/dav/user%40example.com/contacts/"));
        assertThat(Hrefs.collection(URI.create("https://dav.example.com:443/dav/user@example.com/contacts/")))
                .isEqualTo(URI.create("https://dav.example.com/dav/user%40example.com/contacts/"));
    }

    @Test
    void everySpellingOfOneCardNormalizesToTheSameHref() {
        String canonical = "/dav/user%40example.com/contacts/a%20b%40c.vcf";
        assertThat(Hrefs.normalize(BOOK, "/dav/user%40example.com/contacts/a%20b%40c.vcf")).isEqualTo(canonical);
        assertThat(Hrefs.normalize(BOOK, "/dav/user@example.com/contacts/a%20b@c.vcf")).isEqualTo(canonical);
        assertThat(Hrefs.normalize(BOOK, "/dav/user%40example.com/contacts/a b@c.vcf")).isEqualTo(canonical);
        assertThat(Hrefs.normalize(BOOK, "https://dav.example.com/dav/user%40example.com/contacts/a%20b%40c.vcf"))
                .isEqualTo(canonical);
        assertThat(Hrefs.normalize(BOOK, "a b@c.vcf")).isEqualTo(canonical);
        assertThat(Hrefs.normalize(BOOK, "/dav/user%40example.com/contacts/./x/../a%20b%40c.vcf")).isEqualTo(canonical);
    }

    @Test
    void nonAsciiAndStrayPercentSignsSurvive() {
        assertThat(Hrefs.normalize(BOOK, "Jos%C3%A9.vcf")).endsWith("/Jos%C3%A9.vcf");
        assertThat(Hrefs.normalize(BOOK, "José.vcf")).endsWith("/Jos%C3%A9.vcf");
        assertThat(Hrefs.normalize(BOOK, "100%.vcf")).endsWith("/100%25.vcf");
    }

    @Test
    void aHrefOnAnotherOriginStaysAFullUrl() {
        assertThat(Hrefs.normalize(BOOK, "https://cdn.example.com/x.vcf")).isEqualTo("https://cdn.example.com/x.vcf");
        assertThat(Hrefs.isMember(BOOK, "https://cdn.example.com/dav/user%40example.com/contacts/x.vcf")).isFalse();
    }

    @Test
    void membersAreDirectChildrenOnly() {
        assertThat(Hrefs.isMember(BOOK, "x.vcf")).isTrue();
        assertThat(Hrefs.isMember(BOOK, "/dav/user%40example.com/contacts/")).isFalse();
        assertThat(Hrefs.isMember(BOOK, "/dav/user%40example.com/contacts/sub/x.vcf")).isFalse();
        assertThat(Hrefs.isMember(BOOK, "/dav/user%40example.com/other/x.vcf")).isFalse();
        assertThat(Hrefs.isMember(BOOK, "../other/x.vcf")).isFalse();
    }

    @Test
    void aSafeUidIsTheFileNameAndAnyOtherUidADigestThatCannotCollide() {
        assertThat(Hrefs.forUid(BOOK, "3f2a-77b1.koppel", "vcf")).isEqualTo("/dav/user%40example.com/contacts/3f2a-77b1.koppel.vcf");
        String spaced = Hrefs.forUid(BOOK, "a b", "vcf");
        String dashed = Hrefs.forUid(BOOK, "a-b", "vcf");
        assertThat(spaced).matches("/dav/user%40example.com/contacts/uid-[0-9a-f]{40}\\.vcf");
        assertThat(spaced).isNotEqualTo(dashed);
        assertThat(Hrefs.forUid(BOOK, "../../etc", "vcf")).doesNotContain("..");
        assertThat(Hrefs.forUid(BOOK, ".hidden", "vcf")).contains("uid-");
    }
}
