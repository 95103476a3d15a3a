package io.pulsecrm.platform.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Content negotiation before side effects: Spring MVC finds out that it cannot write the answer in a type the
 * caller accepts only after the operation ran, so a {@code POST} with {@code Accept: application/xml} would create
 * the record and then answer 406 (and a webhook secret shown only in the 201 would be lost). A handler that writes
 * JSON is refused with 406 before it runs unless the caller accepts JSON. Mappings that declare {@code produces}
 * are negotiated by Spring before the handler already; handlers writing other bodies (files, streams) are left alone.
 */
public class AcceptableBeforeHandling implements HandlerInterceptor {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
    private static final MediaType ANY_JSON = MediaType.parseMediaType("application/*+json");
    private static final List<Class<?>> NOT_JSON = List.of(void.class, Void.class, CharSequence.class, byte[].class,
            Resource.class, StreamingResponseBody.class, ResponseBodyEmitter.class);

    private final ContentNegotiationManager negotiation;

    public AcceptableBeforeHandling(ContentNegotiationManager negotiation) {
        this.negotiation = negotiation;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod method)
                || request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null
                || !writesJson(method)) {
            return true;
        }
        for (MediaType accepted : negotiation.resolveMediaTypes(new ServletWebRequest(request))) {
            // a problem document is what an error is written as, never a success
            if (accepted.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || accepted.isCompatibleWith(ANY_JSON) && !accepted.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
                return true;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(JSON);
    }

    private static boolean writesJson(HandlerMethod method) {
        ResolvableType returned = ResolvableType.forMethodParameter(method.getReturnType());
        if (HttpEntity.class.isAssignableFrom(returned.toClass())) {
            returned = returned.as(HttpEntity.class).getGeneric(0);
        }
        Class<?> body = returned.resolve();
        return body == null || NOT_JSON.stream().noneMatch(type -> type.isAssignableFrom(body));
    }
}
