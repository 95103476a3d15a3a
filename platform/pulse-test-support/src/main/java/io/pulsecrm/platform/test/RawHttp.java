package io.pulsecrm.platform.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what a hostile client sends (bytes that are not UTF-8 in
 * a path, control characters and non-ASCII in headers, any content type), which {@code java.net.http} refuses to
 * send. One connection per request ({@code Connection: close}); the answer is read up to a size cap, so an answer
 * too large to be bounded is seen as such instead of filling the memory.
 */
public final class RawHttp {

    private final String host;
    private final int port;

    public RawHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** One request; header values are sent as ISO-8859-1 bytes, so any byte 0x00-0xFF can be written. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {

        public String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target, 300));
            headers.forEach((name, value) -> text.append("\n  ").append(name).append(": ").append(
                    name.equals("Authorization") ? "Bearer <token>" : printable(abbreviate(value, 200))));
            if (body != null) {
                text.append("\n  body (").append(body.length).append(" bytes): ")
                        .append(printable(abbreviate(new String(body, StandardCharsets.ISO_8859_1), 500)));
            }
            return text.toString();
        }
    }

    /** Status, headers (lower-case names) and body; {@code truncated} when the body went past the cap. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] body, boolean truncated, Duration took) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String describe() {
            return status + " " + headers.getOrDefault("content-type", List.of()) + " (" + body.length + " bytes"
                    + (truncated ? ", truncated" : "") + ", " + took.toMillis() + " ms) " + printable(abbreviate(text(), 600));
        }
    }

    /** Sends with a 15 s timeout and a 4 MB cap on the answer, as a test of one request needs. */
    public Reply send(String method, String target, Map<String, String> headers, byte[] body) {
        try {
            return send(new Request(method, target, headers, body), Duration.ofSeconds(15), 4 * 1024 * 1024);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Reply send(Request request, Duration timeout, int maxBody) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes(("Host: " + host + ":" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.headers().forEach((name, value) ->
                    head.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            if (request.body() != null) {
                head.writeBytes(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(head.toByteArray());
            if (request.body() != null) {
                try {
                    out.write(request.body());
                } catch (IOException refusedEarly) {
                    // a server may answer (413, 400) and close before taking the whole body: read that answer
                }
            }
            out.flush();
            return read(socket.getInputStream(), maxBody, started);
        }
    }

    private static Reply read(InputStream in, int maxBody, long started) throws IOException {
        int status;
        Map<String, List<String>> headers;
        do { // informational answers (100 Continue) come before the real one
            String statusLine = line(in);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP answer, got: " + statusLine);
            }
            status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            headers = new LinkedHashMap<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
        } while (status >= 100 && status < 200);
        String contentType = headers.getOrDefault("content-type", List.of("")).getFirst();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated = false;
        if (contentType.startsWith("text/event-stream")) {
            // a live stream never ends by itself: its status and headers are the answer
        } else if (headers.getOrDefault("transfer-encoding", List.of("")).getFirst().equalsIgnoreCase("chunked")) {
            truncated = readChunked(in, body, maxBody);
        } else if (headers.containsKey("content-length")) {
            truncated = copy(in, body, Long.parseLong(headers.get("content-length").getFirst()), maxBody);
        } else {
            truncated = copy(in, body, Long.MAX_VALUE, maxBody);
        }
        return new Reply(status, headers, body.toByteArray(), truncated, Duration.ofNanos(System.nanoTime() - started));
    }

    private static boolean readChunked(InputStream in, ByteArrayOutputStream body, int maxBody) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                return false;
            }
            int semicolon = size.indexOf(';');
            long length = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                return false;
            }
            if (copy(in, body, length, maxBody)) {
                return true;
            }
            line(in);
        }
    }

    /** Copies up to {@code length} bytes; true when the cap was reached first. */
    private static boolean copy(InputStream in, ByteArrayOutputStream body, long length, int maxBody) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        try {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return false;
                }
                left -= n;
                body.write(buffer, 0, n);
                if (body.size() > maxBody) {
                    return true;
                }
            }
        } catch (SocketTimeoutException endless) {
            return true;
        }
        return false;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 65536) {
                throw new IOException("header line over 64 KB");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
    }

    /** Control characters shown as escapes, so a failure report is readable and copyable. */
    public static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }
}
