package io.pulsecrm.automation.actions;

import java.util.Map;

import io.pulsecrm.automation.calls.CallFailedException;
import io.pulsecrm.automation.calls.Reply;
import io.pulsecrm.automation.calls.ServiceCalls;
import io.pulsecrm.automation.calls.Target;
import io.pulsecrm.automation.triggers.RecordRef;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Reads records from their owning services, for {@code record.*} conditions and templates and for checks before a change. */
@Component
public class Records {

    private final ServiceCalls calls;

    Records(ServiceCalls calls) {
        this.calls = calls;
    }

    /** The record now, with its ETag; {@code reply.status()} 404 when it is gone. */
    public Reply read(RecordRef record, String causationId) {
        Target target = Target.serving(record.type());
        Map<String, String> headers = causationId == null ? Map.of()
                : Map.of(io.pulsecrm.platform.web.CorrelationIdFilter.CAUSATION_HEADER, causationId);
        return calls.call(target, HttpMethod.GET, Target.pathOf(record.type(), record.id()), null, null, headers);
    }

    /**
     * The record's current JSON, missing when it does not exist (any more); retried on outages.
     *
     * @throws CallFailedException when its service cannot be reached
     */
    public JsonNode fetch(RecordRef record, String causationId) {
        if (record == null || record.id() == null) {
            return MissingNode.getInstance();
        }
        return calls.resilient(Target.serving(record.type()).breakerName(), () -> {
            Reply reply = read(record, causationId);
            if (reply.status() == 404 || reply.status() == 410) {
                return MissingNode.getInstance();
            }
            if (!reply.ok()) {
                throw new CallFailedException("reading " + record.type() + " " + record.id() + ": " + reply.problem(), true, 1, null);
            }
            return reply.body();
        });
    }
}
