package io.pulsecrm.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks every JSON request body once, token by token, before it is bound, against what no operation accepts:
 * arrays, objects and nesting beyond {@link RequestLimits}, numbers no Java or BSON number can hold ({@code 1e309},
 * integers past 64 bits), repeated keys, text with a NUL or half a surrogate pair. Such a body is refused with a 400
 * naming the field, in time and size independent of how large the offending part is, and none of it reaches a
 * record, a document or a regex. Malformed JSON is left to the binding, which says where it breaks.
 */
@ControllerAdvice
public class JsonBodyLimits extends RequestBodyAdviceAdapter {

    private static final JsonFactory JSON = new JsonFactory();

    private final RequestLimits limits;

    public JsonBodyLimits(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        List<FieldProblem> problems = problems(body);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The body exceeds what a request may hold", problems);
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** What is wrong with the body; stops at the first problem, as later ones would mostly be its echoes. */
    List<FieldProblem> problems(byte[] body) {
        List<FieldProblem> problems = new ArrayList<>(1);
        Deque<Container> open = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null && problems.isEmpty()) {
                Container parent = open.peek();
                if (parent != null && parent.array && !token.isStructEnd() && ++parent.members > limits.maxArrayItems()) {
                    problems.add(new FieldProblem(parent.path, "must have at most " + limits.maxArrayItems() + " items"));
                    break;
                }
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        String path = field(parser);
                        if (open.size() >= limits.maxDepth()) {
                            problems.add(new FieldProblem(path, "is nested more than " + limits.maxDepth()
                                    + " levels deep"));
                        }
                        open.push(new Container(token == JsonToken.START_ARRAY, path));
                    }
                    case END_OBJECT, END_ARRAY -> open.pop();
                    case PROPERTY_NAME -> {
                        String name = parser.currentName();
                        if (++parent.members > limits.maxObjectMembers()) {
                            problems.add(new FieldProblem(parent.path, "must have at most "
                                    + limits.maxObjectMembers() + " members"));
                        } else if (!parent.names.add(name)) {
                            problems.add(new FieldProblem(field(parser), "appears more than once"));
                        } else if (!isCleanText(name)) {
                            problems.add(new FieldProblem(parent.path, "has a key that is not clean text"
                                    + " (NUL or a broken surrogate pair)"));
                        }
                    }
                    case VALUE_STRING -> {
                        if (!isCleanText(parser.getString())) {
                            problems.add(new FieldProblem(field(parser), "must not contain NUL or a broken "
                                    + "surrogate pair"));
                        }
                    }
                    case VALUE_NUMBER_INT -> {
                        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            problems.add(new FieldProblem(field(parser), "is a number out of range"));
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> {
                        if (!Double.isFinite(parser.getDoubleValue())) {
                            problems.add(new FieldProblem(field(parser), "is a number out of range"));
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (JacksonException malformed) {
            // not JSON (or not within the parser's own limits): binding reports it with its position
        }
        return problems;
    }

    /** The field being read (or the container just opened), as callers write paths. */
    private static String field(JsonParser parser) {
        String path = JsonProblems.path(parser.streamReadContext().pathAsPointer());
        return path.isEmpty() ? "body" : path;
    }

    /** No NUL (it ends C strings: BSON keys and regexes) and no half of a surrogate pair (not encodable as UTF-8). */
    private static boolean isCleanText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final class Container {
        final boolean array;
        final String path;
        final Set<String> names;
        int members;

        Container(boolean array, String path) {
            this.array = array;
            this.path = path;
            this.names = array ? Set.of() : new HashSet<>();
        }
    }
}
