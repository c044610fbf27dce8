package org.koppel.connector.carddav;

import java.util.List;

import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.connector.dav.MultigetResult;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.ScriptedHttpServer;
import org.koppel.testkit.ScriptedHttpServer.Reply;

/**
 * Run by {@link CardDavSmallHeapTest} in a JVM of its own with a small heap: a hostile server sends
 * what the scenario says, and the client must come through with what it can keep.
 * {@value #PHOTO_AND_JUNK}: a 50 MB PHOTO in a multiget answer, then a 60 MB multistatus of junk
 * text (before the stream parser this needed several times the body in heap). {@value #TINY_ELEMENTS}:
 * a 60 MB listing whose resource types hold millions of empty elements.
 */
public final class SmallHeapCardDav {

    static final String PHOTO_AND_JUNK = "photo-and-junk";
    static final String TINY_ELEMENTS = "tiny-elements";
    private static final String BOOK = "/dav/alice/contacts/";
    private static final long SIXTY_MB = 60L * 1000 * 1000;

    private SmallHeapCardDav() {
    }

    public static void main(String[] args) {
        try (ScriptedHttpServer server = ScriptedHttpServer.start();
             DavCollectionClient client = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, server.uri(BOOK), new DavCredentials("alice", "pw"),
                     Loopback.davSettings())) {
            if (args[0].equals(TINY_ELEMENTS)) {
                server.enqueue(tinyElements());
                System.out.println("listed=" + client.listEtags().size());
                return;
            }
            server.enqueue(CardDavHostileServerTest.withHugePhoto(50L * 1000 * 1000));
            String head = "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>" + BOOK
                    + "a.vcf</d:href><d:propstat><d:prop><d:getetag>\"e-a\"</d:getetag><x:junk xmlns:x=\"urn:x\">";
            String tail = "</x:junk></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";
            server.enqueue(Reply.generated(207, "application/xml", head, (byte) 'J', SIXTY_MB, tail));
            MultigetResult got = client.multiget(List.of("a.vcf", "b.vcf", "c.vcf"));
            List<MemberEtag> listed = client.listEtags();
            System.out.println("found=" + got.found().keySet().stream().sorted().toList() + " skipped="
                    + got.skipped() + " listed=" + listed.size());
        }
    }

    /**
     * Responses for one member, each repeating propstats of resource types that hold 64 empty
     * elements of 4 bytes on the wire: as many as the reader allows in each place.
     */
    private static Reply tinyElements() {
        String resourceType = "<d:resourcetype>" + "<a/>".repeat(64) + "</d:resourcetype>";
        String propstat = "<d:propstat><d:prop>" + resourceType.repeat(64)
                + "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>";
        String response = "<d:response><d:href>" + BOOK + "a.vcf</d:href>" + propstat.repeat(64) + "</d:response>";
        return Reply.generated(207, "application/xml", "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\">",
                response, SIXTY_MB, "</d:multistatus>");
    }
}
