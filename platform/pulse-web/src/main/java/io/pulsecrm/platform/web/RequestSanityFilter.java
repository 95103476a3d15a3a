package io.pulsecrm.platform.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses what the API could not read faithfully, before anything reads it, with a problem that says why:
 * <ul>
 * <li>a query string with a broken percent-escape, bytes that are not UTF-8, or control characters (400): a NUL
 * would otherwise reach a MongoDB regex or key and fail there, and the container would fail decoding the rest;</li>
 * <li>a {@code Content-Type} that is not one concrete media type ({@code application/*}, {@code ;;;}) (415), which
 * Spring MVC cannot even hold as a request header value.</li>
 * </ul>
 */
public class RequestSanityFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String refusal = query == null || query.isEmpty() ? null : refusal(query);
        if (refusal != null) {
            Problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, "malformed-request",
                    "Malformed query string", refusal));
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !isConcreteMediaType(contentType)) {
            Problems.write(request, response, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "http-415",
                    "Unsupported Media Type", "Content-Type must name one concrete media type, such as application/json"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isConcreteMediaType(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** Why the raw query string is refused, or null when every name and value decodes to clean text. */
    static String refusal(String rawQuery) {
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            String decodedName = decode(name);
            String decodedValue = decode(value);
            if (decodedName == null || decodedValue == null) {
                return "The query string is not valid percent-encoded UTF-8";
            }
            if (hasControlCharacter(decodedName) || hasControlCharacter(decodedValue)) {
                return hasControlCharacter(decodedName) ? "Query parameter names must not contain control characters"
                        : "Query parameter '" + shortened(decodedName) + "' must not contain control characters";
            }
        }
        return null;
    }

    /** Strict application/x-www-form-urlencoded decoding; null when malformed. */
    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null; // the container only hands over ASCII here; anything else was not encoded
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String shortened(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
