package org.koppel.connector.carddav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses WebDAV response bodies. The server is not trusted: no DOCTYPE at all (which rules out
 * XXE and entity-expansion bombs), no external entities, DTDs, schemas or XInclude. WebDAV bodies
 * never need a DOCTYPE, so refusing one costs nothing.
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

    /** A 207 body (RFC 4918 §14.16). Anything else as the root is a protocol error. */
    static MultiStatus multiStatus(byte[] body) {
        Element root = parse(body).getDocumentElement();
        if (!DavName.MULTISTATUS.matches(root)) {
            throw new DavProtocolException("expected DAV:multistatus, got " + DavName.of(root));
        }
        List<MultiStatus.Entry> entries = new ArrayList<>();
        Optional<String> syncToken = Optional.empty();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (DavName.RESPONSE.matches(n)) {
                entries.addAll(entries((Element) n));
            } else if (DavName.SYNC_TOKEN.matches(n)) {
                syncToken = Optional.of(n.getTextContent().strip()).filter(s -> !s.isEmpty());
            }
        }
        return new MultiStatus(List.copyOf(entries), syncToken);
    }

    /**
     * RFC 4918 §14.24: a response is either hrefs sharing one status, or one href with propstats.
     * Both become one entry per href.
     */
    private static List<MultiStatus.Entry> entries(Element response) {
        List<String> hrefs = new ArrayList<>();
        OptionalInt status = OptionalInt.empty();
        List<MultiStatus.PropStat> propStats = new ArrayList<>();
        List<DavName> errors = new ArrayList<>();
        for (Node n = response.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (DavName.HREF.matches(n)) {
                hrefs.add(n.getTextContent().strip());
            } else if (DavName.STATUS.matches(n)) {
                status = OptionalInt.of(statusCode(n.getTextContent()));
            } else if (DavName.PROPSTAT.matches(n)) {
                propStats.add(propStat((Element) n));
            } else if (DavName.ERROR.matches(n)) {
                errors.addAll(childNames((Element) n));
            }
        }
        if (hrefs.isEmpty()) {
            throw new DavProtocolException("a DAV:response without DAV:href");
        }
        List<MultiStatus.Entry> out = new ArrayList<>();
        for (String href : hrefs) {
            out.add(new MultiStatus.Entry(href, status, List.copyOf(propStats), List.copyOf(errors)));
        }
        return out;
    }

    private static MultiStatus.PropStat propStat(Element propStat) {
        int status = -1;
        List<Element> props = new ArrayList<>();
        for (Node n = propStat.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (DavName.STATUS.matches(n)) {
                status = statusCode(n.getTextContent());
            } else if (DavName.PROP.matches(n)) {
                for (Node p = n.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p.getNodeType() == Node.ELEMENT_NODE) {
                        props.add((Element) p);
                    }
                }
            }
        }
        if (status < 0) {
            throw new DavProtocolException("a DAV:propstat without DAV:status");
        }
        return new MultiStatus.PropStat(status, List.copyOf(props));
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
