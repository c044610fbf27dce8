package org.koppel.testkit.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Just enough HTTP/1.1 for the {@link FaultProxy}: one request per connection, bodies by
 * Content-Length, chunked, or (answers) until the server closes. Headers that concern the hop
 * (Connection, h2c upgrade, framing) are dropped and set anew by the proxy.
 */
final class HttpWire {

    private static final Set<String> HOP = Set.of("connection", "keep-alive", "proxy-connection", "upgrade",
            "http2-settings", "transfer-encoding", "content-length", "host", "te");

    private HttpWire() {
    }

    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return HttpWire.header(headers, name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Response(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return HttpWire.header(headers, name);
        }

        Response withBody(byte[] newBody) {
            return new Response(status, reason, headers, newBody);
        }

        static Response of(int status, String reason, byte[] body, String... headerPairs) {
            var headers = new ArrayList<Map.Entry<String, String>>();
            for (int i = 0; i + 1 < headerPairs.length; i += 2) headers.add(Map.entry(headerPairs[i], headerPairs[i + 1]));
            return new Response(status, reason, headers, body);
        }
    }

    /** The next request on the connection; null when the client closed without sending one. */
    static Request readRequest(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null || line.isEmpty()) return null;
        String[] parts = line.split(" ", 3);
        var headers = readHeaders(in);
        return new Request(parts[0], parts[1], headers, readBody(in, headers, false));
    }

    static Response readResponse(InputStream in, String method) throws IOException {
        String line = readLine(in);
        if (line == null) throw new IOException("the server closed without an answer");
        String[] parts = line.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        var headers = readHeaders(in);
        boolean bodiless = method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1;
        byte[] body = bodiless ? new byte[0] : readBody(in, headers, true);
        return new Response(status, parts.length > 2 ? parts[2] : "", headers, body);
    }

    static void writeRequest(OutputStream out, Request r, String host) throws IOException {
        var head = new StringBuilder(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\nConnection: close\r\n");
        endToEnd(r.headers(), head);
        head.append("Content-Length: ").append(r.body().length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    /** The head of an answer that announces {@code announced} body bytes; the caller writes the body. */
    static void writeHead(OutputStream out, Response r, int announced) throws IOException {
        var head = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ').append(r.reason()).append("\r\n");
        endToEnd(r.headers(), head);
        head.append("Content-Length: ").append(announced).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void endToEnd(List<Map.Entry<String, String>> headers, StringBuilder head) {
        for (var h : headers) {
            if (!HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
    }

    private static Optional<String> header(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    private static List<Map.Entry<String, String>> readHeaders(InputStream in) throws IOException {
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.add(Map.entry(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, List<Map.Entry<String, String>> headers, boolean untilClose) throws IOException {
        if (header(headers, "Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            return readChunked(in);
        }
        Optional<String> length = header(headers, "Content-Length");
        if (length.isPresent()) return in.readNBytes(Integer.parseInt(length.get().strip()));
        return untilClose ? in.readAllBytes() : new byte[0];
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            if (size == null) throw new IOException("chunked body ended early");
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (n == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) return body.toByteArray();
                }
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            if (b != '\r') line.write(b);
        }
        if (b == -1 && line.size() == 0) return null;
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
