package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * The text encoding of a file as spreadsheets save them: a byte order mark (UTF-8, UTF-16LE/BE), else valid UTF-8,
 * else one of the single-byte code pages Excel uses for CSV, told apart by how letters sit in words: Cyrillic words in
 * Windows-1251 are runs of bytes above 0x7F, while Western text in Windows-1252 has accented letters alone between
 * ASCII ones. When the bytes do not say clearly, detection refuses rather than guesses, so nothing garbled is stored.
 * <p>
 * Hand-written rather than ICU4J's detector: the question here is narrow (three code pages people actually send)
 * and a 14 MB dependency answers a broader one with confidence numbers that still need this same judgement.
 */
public final class TextEncodings {

    public static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final String CHOICES = "UTF-8, UTF-16LE, UTF-16BE, windows-1251 (Cyrillic), windows-1252 (Western European)";

    private TextEncodings() {
    }

    /** A charset by name ({@code windows-1251}, {@code cp1251}, {@code utf-8}...), or a problem on {@code field}. */
    public static Charset named(String name, String field) {
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new TabularException(field, "'" + name + "' is not an encoding Pulse knows: choose one of " + CHOICES);
        }
    }

    /** The encoding of text whose first bytes are {@code head[0..length)}; {@code complete}: that is the whole file. */
    public static Charset detect(byte[] head, int length, boolean complete) {
        if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (validUtf8(head, length, complete)) {
            return StandardCharsets.UTF_8;
        }
        int alone = 0;
        int inRuns = 0;
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b < 0xC0 && b != 0xA8 && b != 0xB8) {
                continue; // not a letter in either code page's upper half (Ё and ё are A8/B8 in Windows-1251)
            }
            boolean before = i > 0 && (head[i - 1] & 0xFF) >= 0x80;
            boolean after = i + 1 < length && (head[i + 1] & 0xFF) >= 0x80;
            if (before || after) {
                inRuns++;
            } else {
                alone++;
            }
        }
        int letters = alone + inRuns;
        if (letters > 0 && inRuns >= 0.8 * letters && inRuns >= 3) {
            return WINDOWS_1251;
        }
        if (letters > 0 && alone >= 0.8 * letters) {
            return WINDOWS_1252;
        }
        throw new TabularException("encoding", "Pulse cannot tell the file's encoding (it is not UTF-8, and its letters fit"
                + " several code pages): choose the encoding the file was saved in, e.g. ?encoding=windows-1251 for Cyrillic"
                + " or ?encoding=windows-1252 for Western European; known: " + CHOICES);
    }

    /** Number of bytes of a byte order mark at the start of {@code head} that belongs to {@code charset}. */
    public static int bomLength(byte[] head, int length, Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8) && length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                && (head[2] & 0xFF) == 0xBF) {
            return 3;
        }
        if ((charset.equals(StandardCharsets.UTF_16LE) && length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)
                || (charset.equals(StandardCharsets.UTF_16BE) && length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)) {
            return 2;
        }
        return 0;
    }

    /**
     * Text of {@code in} in {@code charset}, without a leading byte order mark, failing with a problem on
     * {@code encoding} at the first byte sequence that is not text in it, or that decodes to the replacement character
     * (a file garbled before it got here): never a stored record with � in it.
     */
    public static Reader strictReader(InputStream in, Charset charset) {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader decoded = new InputStreamReader(in, decoder);
        return new Reader() {
            private boolean start = true;

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n;
                try {
                    n = decoded.read(buffer, offset, length);
                } catch (CharacterCodingException e) {
                    throw notText(charset);
                }
                if (n > 0 && start) {
                    start = false;
                    if (buffer[offset] == '\uFEFF') {
                        System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                        n--;
                        if (n == 0) {
                            return read(buffer, offset, length);
                        }
                    }
                }
                for (int i = offset; i < offset + Math.max(n, 0); i++) {
                    if (buffer[i] == '\uFFFD') {
                        throw notText(charset);
                    }
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                decoded.close();
            }
        };
    }

    /** Lenient text of a sample, for detecting the delimiter (the sample may end inside a character). */
    static String sample(byte[] head, int length, Charset charset) {
        int bom = bomLength(head, length, charset);
        return new String(head, bom, length - bom, charset);
    }

    private static TabularException notText(Charset charset) {
        String name = charset.name().toLowerCase(Locale.ROOT);
        return new TabularException("encoding", "the file is not valid " + charset.name() + " text: choose the encoding it"
                + " was saved in" + (name.equals("utf-8") ? " (Excel in a Russian locale saves CSV as windows-1251)" : "")
                + "; known: " + CHOICES);
    }

    private static boolean validUtf8(byte[] bytes, int length, boolean complete) {
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xFF;
            int following;
            if (b < 0x80) {
                i++;
                continue;
            } else if (b >= 0xC2 && b <= 0xDF) {
                following = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                following = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                following = 3;
            } else {
                return false;
            }
            for (int k = 1; k <= following; k++) {
                if (i + k >= length) {
                    return !complete; // the sample ends inside a character
                }
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += following + 1;
        }
        return true;
    }
}
