package org.koppel.connector.carddav;

import java.util.List;

import org.koppel.testkit.Loopback;
import org.koppel.testkit.ScriptedHttpServer;
import org.koppel.testkit.ScriptedHttpServer.Reply;

/**
 * Run by {@link CardDavSmallHeapTest} in a JVM of its own with a small heap: a hostile server sends a
 * 50 MB PHOTO in a multiget answer, then a 60 MB multistatus, and the client must come through
 * with what it can keep. Before the stream parser this needed several times the body in heap.
 */
public final class SmallHeapCardDav {

    private SmallHeapCardDav() {
    }

    public static void main(String[] args) {
        try (ScriptedHttpServer server = ScriptedHttpServer.start()) {
            server.enqueue(CardDavHostileServerTest.withHugePhoto(50L * 1000 * 1000));
            String book = "/dav/alice/contacts/";
            String head = "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>" + book
                    + "a.vcf</d:href><d:propstat><d:prop><d:getetag>\"e-a\"</d:getetag><x:junk xmlns:x=\"urn:x\">";
            String tail = "</x:junk></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";
            server.enqueue(Reply.generated(207, "application/xml", head, (byte) 'J', 60L * 1000 * 1000, tail));
            try (CardDavClient client = CardDavClient.open(server.uri(book), new DavCredentials("alice", "pw"),
                    Loopback.davSettings())) {
                MultigetResult got = client.multiget(List.of("a.vcf", "b.vcf", "c.vcf"));
                List<MemberEtag> listed = client.listEtags();
                System.out.println("found=" + got.found().keySet().stream().sorted().toList() + " skipped="
                        + got.skipped() + " listed=" + listed.size());
            }
        }
    }
}
