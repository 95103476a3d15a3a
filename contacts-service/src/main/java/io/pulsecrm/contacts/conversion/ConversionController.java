package io.pulsecrm.contacts.conversion;

import java.net.URI;

import io.pulsecrm.contacts.contacts.NotConvertibleException;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@code POST /api/contacts/{id}/convert}: a lead becomes a deal. 202 with the deal's id and URLs the first time (the
 * deal is opened by deals-service from the event, moments later); 200 with that same conversion when the contact was
 * converted before (a retry, a double click, a second person): a contact converts once. A contact that is not a lead
 * is a 409 {@code not-a-lead} naming its lifecycle stage. {@code If-Match} is optional: sent, it must match.
 */
@RestController
class ConversionController {

    private final ContactConversion conversion;
    private final EventContext context;

    ConversionController(ContactConversion conversion, EventContext context) {
        this.conversion = conversion;
        this.context = context;
    }

    @PostMapping(path = "/api/contacts/{id}/convert", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ConversionResponse> convert(@PathVariable String id, @RequestBody ConvertRequest request,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Long expected = ifMatch == null ? null : IfMatch.requiredVersion(ifMatch);
        ContactConversion.Outcome outcome = conversion.convert(id, request, expected, context.actor());
        ConversionResponse body = ConversionResponse.of(id, outcome.conversion());
        return (outcome.created() ? ResponseEntity.accepted() : ResponseEntity.ok())
                .location(URI.create(body.dealApiUrl())).body(body);
    }

    @RestControllerAdvice(assignableTypes = ConversionController.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class NotALeadAdvice {

        @ExceptionHandler(NotConvertibleException.class)
        ProblemDetail notALead(NotConvertibleException e, HttpServletRequest request) {
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "not-a-lead", "Not a lead", e.getMessage());
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("lifecycleStage", e.lifecycleStage());
            problem.setProperty("convertibleStages", io.pulsecrm.contacts.contacts.Contact.CONVERTIBLE_STAGES.stream().sorted().toList());
            return problem;
        }
    }
}
