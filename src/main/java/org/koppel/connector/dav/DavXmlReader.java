package org.koppel.connector.dav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses WebDAV response bodies. The server is not trusted: no DOCTYPE at all (which rules out
 * XXE and entity-expansion bombs), no external entities, DTDs, schemas or XInclude. WebDAV bodies
 * never need a DOCTYPE, so refusing one costs nothing. Multistatus bodies, which may be large, are
 * read as a stream (StAX) keeping only what Koppel uses; small error bodies are parsed whole (DOM).
 */
final class DavXmlReader {

    private static final Pattern STATUS_LINE = Pattern.compile("^\\s*HTTP/\\d(?:\\.\\d)?\\s+(\\d{3})");

    /** The body of a 4xx naming a precondition (RFC 4918 §16): its conditions and any hrefs inside them. */
    record ErrorBody(List<DavName> conditions, List<String> hrefs) {

        static final ErrorBody NONE = new ErrorBody(List.of(), List.of());

        boolean names(DavName condition) {
            return conditions.contains(condition);
        }
    }

    private DavXmlReader() {
    }

    static Document parse(byte[] body) {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(SILENT); // the default handler prints "[Fatal Error]" to stderr
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new DavProtocolException("malformed or refused XML in the response: " + e.getMessage(), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new DavProtocolException("cannot parse the response XML: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    /**
     * What may be kept from one multistatus answer. {@code keepCard} sees a response's href and
     * says whether its card is wanted (a multiget keeps only the cards it asked for).
     */
    record ReadLimits(long maxCardBytes, long maxHeldCardBytes, int maxEntries, int maxValues,
            Predicate<String> keepCard, String noun) {

        ReadLimits(long maxCardBytes, long maxHeldCardBytes, int maxEntries, int maxValues, Predicate<String> keepCard) {
            this(maxCardBytes, maxHeldCardBytes, maxEntries, maxValues, keepCard, "card");
        }

        /** A listing of this many members is far beyond any person's address book; more is an attack. */
        static final int MAX_ENTRIES = 200_000;
        /**
         * Hrefs, propstats, properties and names kept from one answer. A kept value costs some dozens
         * of bytes of heap while an empty element costs 4 on the wire, so the size limit alone let a
         * 60 MB answer take 380 MB. Five per member covers the largest listing allowed.
         */
        static final int MAX_VALUES = 5 * MAX_ENTRIES;

        static ReadLimits of(DavSettings settings) {
            return new ReadLimits(settings.maxCardBytes(), settings.maxHeldCardBytes(), MAX_ENTRIES, MAX_VALUES,
                    href -> true);
        }

        ReadLimits keeping(Predicate<String> cards) {
            return new ReadLimits(maxCardBytes, maxHeldCardBytes, maxEntries, maxValues, cards, noun);
        }

        /** What a member is called in the reason it was skipped: "card", "calendar object". */
        ReadLimits naming(String memberNoun) {
            return new ReadLimits(maxCardBytes, maxHeldCardBytes, maxEntries, maxValues, keepCard, memberNoun);
        }
    }

    /** A 207 body held in memory (tests, small bodies). */
    static MultiStatus multiStatus(byte[] body) {
        return multiStatus(new ByteArrayInputStream(body), ReadLimits.of(DavSettings.defaults()));
    }

    /**
     * A 207 body (RFC 4918 §14.16) parsed as it streams in, keeping only the properties Koppel reads,
     * each bounded; cards above the card limit are counted, not kept. Anything else as the root is a
     * protocol error. I/O failures of the stream (a size limit, a timeout) come out as
     * {@link UncheckedIOException} for the transport to name.
     */
    static MultiStatus multiStatus(InputStream body, ReadLimits limits) {
        XMLStreamReader xml = null;
        try {
            xml = STAX.createXMLStreamReader(body);
            return new StreamedMultiStatus(xml, limits).read();
        } catch (XMLStreamException e) {
            IOException io = ioCause(e);
            if (io != null) {
                throw new UncheckedIOException(io);
            }
            throw new DavProtocolException("malformed or refused XML in the response: " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // the stream is the transport's to close
                }
            }
        }
    }

    private static IOException ioCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; t != null && i < 10; i++) {
            if (t instanceof IOException io) {
                return io;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof XMLStreamException x) {
                next = x.getNestedException();
            }
            t = next;
        }
        return null;
    }

    /** No DTDs (so no entities beyond the five predefined ones), no external anything, text in pieces. */
    private static final XMLInputFactory STAX = stax();

    private static XMLInputFactory stax() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        // Not coalescing: a 50 MB text arrives in pieces of some KiB instead of one 50 MB string.
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return f;
    }

    /** One pass over a multistatus stream; the state of the response being read. */
    private static final class StreamedMultiStatus {

        /** Properties Koppel reads; any other is skipped unread, however large. */
        private static final Set<DavName> KEPT = Set.of(DavName.GETETAG, DavName.RESOURCETYPE, DavName.DISPLAYNAME,
                DavName.SYNC_TOKEN, DavName.SUPPORTED_REPORT_SET, DavName.CURRENT_USER_PRINCIPAL,
                DavName.ADDRESSBOOK_HOME_SET, DavName.ADDRESS_DATA, DavName.GETCTAG, DavName.CALENDAR_HOME_SET,
                DavName.CALENDAR_DATA, DavName.SUPPORTED_CALENDAR_COMPONENT_SET);
        /** Member text (vCard, iCalendar): large, so streamed and bounded by the card limit. */
        private static final Set<DavName> MEMBER_DATA = Set.of(DavName.ADDRESS_DATA, DavName.CALENDAR_DATA);
        /** The elements Koppel looks for inside a property (a resource type, a supported report); others are not kept. */
        private static final Set<DavName> NAMES_READ = Set.of(DavName.COLLECTION, DavName.ADDRESSBOOK,
                DavName.SYNC_COLLECTION, DavName.CALENDAR);
        /** Hrefs, ETags, tokens and names are short; one this long is hostile. */
        private static final int MAX_VALUE_CHARS = 16 * 1024;
        /** Per property / propstat / response: more than any server sends, few enough to hold. */
        private static final int MAX_PARTS = 64;

        private final XMLStreamReader xml;
        private final ReadLimits limits;
        private final List<MultiStatus.Entry> entries = new ArrayList<>();
        private final Map<String, String> skipped = new LinkedHashMap<>();
        private final List<String> deferred = new ArrayList<>();
        private long heldCardBytes;
        private int values;

        /** The card of the response being read: its bytes so far, its text while under the limit. */
        private long cardBytes;
        private StringBuilder card;
        private boolean hasCard;

        StreamedMultiStatus(XMLStreamReader xml, ReadLimits limits) {
            this.xml = xml;
            this.limits = limits;
        }

        MultiStatus read() throws XMLStreamException {
            startRoot();
            Optional<String> syncToken = Optional.empty();
            while (nextChild()) {
                DavName name = name();
                if (name.equals(DavName.RESPONSE)) {
                    response();
                } else if (name.equals(DavName.SYNC_TOKEN)) {
                    syncToken = Optional.of(text(MAX_VALUE_CHARS).strip()).filter(t -> !t.isEmpty());
                } else {
                    skip();
                }
            }
            return new MultiStatus(List.copyOf(entries), syncToken, Map.copyOf(skipped), List.copyOf(deferred));
        }

        private void startRoot() throws XMLStreamException {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new DavProtocolException("malformed or refused XML in the response: a DOCTYPE is not allowed");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (!name().equals(DavName.MULTISTATUS)) {
                        throw new DavProtocolException("expected DAV:multistatus, got " + name());
                    }
                    return;
                }
            }
            throw new DavProtocolException("malformed or refused XML in the response: no root element");
        }

        /** RFC 4918 §14.24: hrefs sharing one status, or one href with propstats; one entry per href either way. */
        private void response() throws XMLStreamException {
            List<String> hrefs = new ArrayList<>();
            OptionalInt status = OptionalInt.empty();
            List<MultiStatus.PropStat> propStats = new ArrayList<>();
            card = null;
            cardBytes = 0;
            hasCard = false;
            while (nextChild()) {
                DavName name = name();
                if (name.equals(DavName.HREF)) {
                    hrefs.add(text(MAX_VALUE_CHARS).strip());
                    count();
                    if (entries.size() + hrefs.size() > limits.maxEntries()) {
                        throw new DavProtocolException("more than " + limits.maxEntries()
                                + " responses in one multistatus; refused");
                    }
                } else if (name.equals(DavName.STATUS)) {
                    status = OptionalInt.of(statusCode(text(MAX_VALUE_CHARS)));
                } else if (name.equals(DavName.PROPSTAT) && propStats.size() < MAX_PARTS) {
                    propStats.add(propStat());
                    count();
                } else {
                    skip();
                }
            }
            if (hrefs.isEmpty()) {
                throw new DavProtocolException("a DAV:response without DAV:href");
            }
            if (hasCard && !keepCard(hrefs.get(0))) {
                return;
            }
            for (String href : hrefs) {
                entries.add(new MultiStatus.Entry(href, status, List.copyOf(propStats)));
            }
        }

        /** Whether the card just read is kept: within the card limit, wanted, and within the answer's budget. */
        private boolean keepCard(String href) {
            if (!limits.keepCard().test(href)) {
                return false;
            }
            if (card == null) {
                skipped.put(href, limits.noun() + " larger than " + DavSettings.size(limits.maxCardBytes()) + " skipped");
                return false;
            }
            if (heldCardBytes > 0 && heldCardBytes + cardBytes > limits.maxHeldCardBytes()) {
                deferred.add(href);
                return false;
            }
            heldCardBytes += cardBytes;
            return true;
        }

        private MultiStatus.PropStat propStat() throws XMLStreamException {
            int status = -1;
            List<MultiStatus.Prop> props = new ArrayList<>();
            while (nextChild()) {
                DavName name = name();
                if (name.equals(DavName.STATUS)) {
                    status = statusCode(text(MAX_VALUE_CHARS));
                } else if (name.equals(DavName.PROP)) {
                    while (nextChild()) {
                        DavName prop = name();
                        // Each property once: a repeated one is skipped like an unknown one.
                        if (!KEPT.contains(prop) || props.stream().anyMatch(p -> p.name().equals(prop))) {
                            skip();
                            continue;
                        }
                        props.add(MEMBER_DATA.contains(prop) ? cardProp(prop) : prop(prop));
                        count();
                    }
                } else {
                    skip();
                }
            }
            if (status < 0) {
                throw new DavProtocolException("a DAV:propstat without DAV:status");
            }
            return new MultiStatus.PropStat(status, List.copyOf(props));
        }

        /** A property with its text, the names inside it and its DAV:href children; at the start tag. */
        private MultiStatus.Prop prop(DavName name) throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            List<DavName> names = new ArrayList<>();
            List<String> hrefs = new ArrayList<>();
            List<String> components = new ArrayList<>();
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    DavName inner = name();
                    if (depth == 1 && inner.equals(DavName.COMP)) {
                        // RFC 4791 §5.2.3: <C:comp name="VEVENT"/>; the name is an attribute.
                        String component = xml.getAttributeValue(null, "name");
                        if (component != null && component.length() <= 64 && components.size() < MAX_PARTS) {
                            components.add(component.strip().toUpperCase(java.util.Locale.ROOT));
                            count();
                        }
                    }
                    if (depth == 1 && inner.equals(DavName.HREF)) {
                        String href = text(MAX_VALUE_CHARS).strip();
                        if (!href.isEmpty() && hrefs.size() < MAX_PARTS) {
                            hrefs.add(href);
                            count();
                        }
                        continue;
                    }
                    if (NAMES_READ.contains(inner) && !names.contains(inner)) {
                        names.add(inner);
                    }
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (isText(event)) {
                    append(text, MAX_VALUE_CHARS);
                }
            }
            return new MultiStatus.Prop(name, text.toString(), List.copyOf(names), List.copyOf(hrefs),
                    List.copyOf(components));
        }

        /** CARDDAV:address-data, CALDAV:calendar-data: kept up to the card limit, beyond it only counted. */
        private MultiStatus.Prop cardProp(DavName name) throws XMLStreamException {
            hasCard = true;
            card = new StringBuilder();
            cardBytes = 0;
            readToEnd(() -> {
                cardBytes += utf8Length(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                if (cardBytes > limits.maxCardBytes()) {
                    card = null; // counted on, never kept: the rest of it streams past
                } else if (card != null) {
                    card.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
            });
            return new MultiStatus.Prop(name, card == null ? "" : card.toString(), List.of(), List.of(), List.of());
        }

        /** The text of the element whose start tag was just read, up to its end tag. */
        private String text(int maxChars) throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            readToEnd(() -> append(text, maxChars));
            return text.toString();
        }

        /**
         * Past the end tag of the element whose start tag was just read, handing each piece of text
         * inside it, at any depth, to {@code onText} (which reads it from {@link #xml}).
         */
        private void readToEnd(Runnable onText) throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (isText(event)) {
                    onText.run();
                }
            }
        }

        /** Counts a value kept against {@link ReadLimits#maxValues()}. */
        private void count() {
            if (++values > limits.maxValues()) {
                throw new DavProtocolException("more than " + limits.maxValues() + " values in one multistatus; refused");
            }
        }

        private void append(StringBuilder text, int maxChars) {
            if (text.length() + xml.getTextLength() > maxChars) {
                throw new DavProtocolException("a value longer than " + maxChars + " characters in the answer; refused");
            }
            text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
        }

        /** Moves to the next child element of the current one; false at the current one's end tag. */
        private boolean nextChild() throws XMLStreamException {
            while (true) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return true;
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    return false;
                }
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new DavProtocolException("malformed or refused XML in the response: it ends early");
                }
            }
        }

        /** Past the element whose start tag was just read, keeping nothing of it. */
        private void skip() throws XMLStreamException {
            readToEnd(() -> { });
        }

        private DavName name() {
            String ns = xml.getNamespaceURI();
            return new DavName(ns == null ? "" : ns, xml.getLocalName());
        }

        private static boolean isText(int event) {
            return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE;
        }

        private static long utf8Length(char[] chars, int start, int length) {
            long bytes = 0;
            for (int i = start; i < start + length; i++) {
                char c = chars[i];
                // A surrogate pair is 4 bytes in UTF-8: 2 per half.
                bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
            }
            return bytes;
        }
    }

    /** "HTTP/1.1 404 Not Found" → 404 (RFC 4918 §14.28). */
    static int statusCode(String statusLine) {
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.find()) {
            throw new DavProtocolException("malformed DAV:status: " + statusLine.strip());
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * A {@code DAV:error} body (RFC 4918 §16). Lenient on purpose: servers send plain text or HTML
     * with error statuses too, and then there is simply no precondition to read.
     */
    static ErrorBody errorBody(DavResponse response) {
        String type = response.header("Content-Type").orElse("");
        if (response.body().length == 0 || !type.contains("xml")) {
            return ErrorBody.NONE;
        }
        Element root;
        try {
            root = parse(response.body()).getDocumentElement();
        } catch (DavProtocolException e) {
            return ErrorBody.NONE;
        }
        if (!DavName.ERROR.matches(root)) {
            return ErrorBody.NONE;
        }
        List<String> hrefs = new ArrayList<>();
        var hrefNodes = root.getElementsByTagNameNS(DavName.DAV, "href");
        for (int i = 0; i < hrefNodes.getLength(); i++) {
            hrefs.add(hrefNodes.item(i).getTextContent().strip());
        }
        return new ErrorBody(childNames(root), List.copyOf(hrefs));
    }

    private static List<DavName> childNames(Element parent) {
        List<DavName> names = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                names.add(DavName.of(n));
            }
        }
        return names;
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings don't stop the parse and must not reach stderr
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
