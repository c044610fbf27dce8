package org.koppel.connector.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import org.koppel.connector.RetryAfter;
import org.junit.jupiter.api.Test;

class DavXmlReaderTest {

    private static byte[] xml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anExternalEntityIsRefused() {
        assertThatThrownBy(() -> DavXmlReader.parse(xml("""
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
                <d:multistatus xmlns:d="DAV:">&xxe;</d:multistatus>""")))
                .isInstanceOf(DavProtocolException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void anEntityExpansionBombIsRefused() {
        assertThatThrownBy(() -> DavXmlReader.parse(xml("""
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <lolz>&lol2;</lolz>""")))
                .isInstanceOf(DavProtocolException.class);
    }

    @Test
    void aStreamedMultistatusRefusesADoctypeAndSoEveryEntity() {
        assertThatThrownBy(() -> DavXmlReader.multiStatus(xml("""
                <?xml version="1.0"?>
                <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
                <d:multistatus xmlns:d="DAV:"><d:response><d:href>&xxe;</d:href></d:response></d:multistatus>""")))
                .isInstanceOf(DavProtocolException.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> DavXmlReader.multiStatus(xml("""
                <d:multistatus xmlns:d="DAV:"><d:response><d:href>&undeclared;</d:href></d:response></d:multistatus>""")))
                .isInstanceOf(DavProtocolException.class);
    }

    @Test
    void aStreamedMultistatusKeepsOnlyThePropertiesKoppelReads() {
        MultiStatus ms = DavXmlReader.multiStatus(xml("""
                <d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:response><d:href>/ab/</d:href>
                <d:propstat><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>
                <d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>
                </d:supported-report-set><x:unknown xmlns:x="urn:x">ignored</x:unknown>
                <d:current-user-principal><d:href>/principals/a/</d:href></d:current-user-principal></d:prop>
                <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"""));

        MultiStatus.Entry e = ms.entries().get(0);
        assertThat(e.hasResourceType(DavName.ADDRESSBOOK)).isTrue();
        assertThat(e.prop(DavName.SUPPORTED_REPORT_SET).orElseThrow().names()).contains(DavName.SYNC_COLLECTION);
        assertThat(e.hrefs(DavName.CURRENT_USER_PRINCIPAL)).containsExactly("/principals/a/");
        assertThat(e.propStats().get(0).props()).extracting(MultiStatus.Prop::name)
                .doesNotContain(new DavName("urn:x", "unknown"));
    }

    @Test
    void anXIncludeIsNotFollowed() {
        var doc = DavXmlReader.parse(xml("""
                <d:multistatus xmlns:d="DAV:" xmlns:xi="http://www.w3.org/2001/XInclude">
                <xi:include href="file:///etc/hostname" parse="text"/></d:multistatus>"""));
        assertThat(doc.getDocumentElement().getTextContent()).isBlank();
    }

    @Test
    void malformedXmlIsAProtocolError() {
        assertThatThrownBy(() -> DavXmlReader.multiStatus(xml("<d:multistatus xmlns:d=\"DAV:\">")))
                .isInstanceOf(DavProtocolException.class);
        assertThatThrownBy(() -> DavXmlReader.multiStatus(xml("<html/>")))
                .isInstanceOf(DavProtocolException.class).hasMessageContaining("expected DAV:multistatus");
    }

    @Test
    void aResponseWithSeveralHrefsSharingOneStatusBecomesOneEntryEach() {
        MultiStatus ms = DavXmlReader.multiStatus(xml("""
                <D:multistatus xmlns:D="DAV:"><D:response><D:href>/a.vcf</D:href><D:href>/b.vcf</D:href>
                <D:status>HTTP/1.1 404 Not Found</D:status></D:response>
                <D:sync-token>tok</D:sync-token></D:multistatus>"""));

        assertThat(ms.entries()).extracting(MultiStatus.Entry::href).containsExactly("/a.vcf", "/b.vcf");
        assertThat(ms.entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(OptionalInt.of(404)));
        assertThat(ms.syncToken()).contains("tok");
    }

    @Test
    void onlyPropertiesReportedWith2xxCount() {
        MultiStatus ms = DavXmlReader.multiStatus(xml("""
                <multistatus xmlns="DAV:" xmlns:CS="http://calendarserver.org/ns/"><response><href>/ab/</href>
                <propstat><prop><displayname>Book</displayname></prop><status>HTTP/1.1 200 OK</status></propstat>
                <propstat><prop><CS:getctag/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
                </response></multistatus>"""));

        MultiStatus.Entry e = ms.entries().get(0);
        assertThat(e.text(DavName.DISPLAYNAME)).contains("Book");
        assertThat(e.prop(DavName.GETCTAG)).isEmpty();
    }

    @Test
    void aRepeatedPropertyIsKeptOnceAndOnlyTheNamesKoppelReadsInsideIt() {
        MultiStatus ms = DavXmlReader.multiStatus(xml("""
                <D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:response><D:href>/ab/</D:href>
                <D:propstat><D:prop><D:resourcetype><D:collection/><x/><C:addressbook/><D:collection/></D:resourcetype>
                <D:resourcetype><y/></D:resourcetype><D:getetag>"1"</D:getetag><D:getetag>"2"</D:getetag></D:prop>
                <D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"""));

        MultiStatus.PropStat only = ms.entries().get(0).propStats().get(0);
        assertThat(only.props()).extracting(MultiStatus.Prop::name).containsExactly(DavName.RESOURCETYPE, DavName.GETETAG);
        assertThat(only.props().get(0).names()).containsExactly(DavName.COLLECTION, DavName.ADDRESSBOOK);
        assertThat(ms.entries().get(0).text(DavName.GETETAG)).contains("\"1\"");
    }

    @Test
    void anAnswerKeepingMoreValuesThanAllowedIsRefused() {
        String member = "<D:response><D:href>/ab/%s.vcf</D:href><D:propstat><D:prop><D:getetag>\"e\"</D:getetag></D:prop>"
                + "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>";
        byte[] body = xml("<D:multistatus xmlns:D=\"DAV:\">" + member.formatted("a") + member.formatted("b")
                + "</D:multistatus>");
        var limits = DavXmlReader.ReadLimits.of(DavSettings.defaults());
        // Three values a member: its href, its propstat, its ETag.
        var five = new DavXmlReader.ReadLimits(limits.maxCardBytes(), limits.maxHeldCardBytes(), limits.maxEntries(), 5,
                limits.keepCard());
        var six = new DavXmlReader.ReadLimits(limits.maxCardBytes(), limits.maxHeldCardBytes(), limits.maxEntries(), 6,
                limits.keepCard());

        assertThat(DavXmlReader.multiStatus(new java.io.ByteArrayInputStream(body), six).entries()).hasSize(2);
        assertThatThrownBy(() -> DavXmlReader.multiStatus(new java.io.ByteArrayInputStream(body), five))
                .isInstanceOf(DavProtocolException.class).hasMessageContaining("more than 5 values");
    }

    @Test
    void retryAfterReadsSecondsAndHttpDatesAndIgnoresGarbage() {
        var clock = java.time.Clock.fixed(java.time.Instant.parse("2026-03-02T10:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(RetryAfter.parse("30", clock)).contains(java.time.Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 10:00:45 GMT", clock)).contains(java.time.Duration.ofSeconds(45));
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 09:00:00 GMT", clock)).contains(java.time.Duration.ZERO);
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }
}
