package io.pulsecrm.automation.actions;

import java.time.Instant;
import java.util.List;

import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A notification a rule asked for: a command to notification-service, published as
 * {@code pulse.automation.notification_requested.v1} from this document's outbox. Its id is the step's
 * ({@code <runId>:<stepIndex>}), so a repeated step finds it created and requests nothing twice.
 */
@Aggregate(type = "notification_request", topic = NotificationRequest.TOPIC)
@Document(NotificationRequest.COLLECTION)
public class NotificationRequest extends AggregateRoot {

    public static final String TOPIC = "pulse.automation.notification_request.v1";
    public static final String COLLECTION = "notification_requests";

    /** What notification-service needs to store and send it, without calling back. */
    @DomainEventType("pulse.automation.notification_requested.v1")
    public record NotificationRequested(String requestId, String ruleId, String ruleName, String runId, int step,
                                        String triggerEventId, List<String> recipients, List<String> channels,
                                        String title, String body, String subjectType, String subjectId,
                                        Instant requestedAt) implements DomainEvent {
    }

    private String runId;
    private String ruleId;
    private List<String> recipients;
    private List<String> channels;
    private String title;
    private String body;
    private String subjectType;
    private String subjectId;

    protected NotificationRequest() {
    }

    private NotificationRequest(String id, Instant now) {
        super(id, now);
    }

    public static NotificationRequest create(String id, String ruleId, String ruleName, String runId, int step,
                                             String triggerEventId, List<String> recipients, List<String> channels,
                                             String title, String body, String subjectType, String subjectId,
                                             Instant now) {
        NotificationRequest request = new NotificationRequest(id, now);
        request.runId = runId;
        request.ruleId = ruleId;
        request.recipients = List.copyOf(recipients);
        request.channels = List.copyOf(channels);
        request.title = title;
        request.body = body;
        request.subjectType = subjectType;
        request.subjectId = subjectId;
        request.record(new NotificationRequested(id, ruleId, ruleName, runId, step, triggerEventId, request.recipients,
                request.channels, title, body, subjectType, subjectId, now));
        return request;
    }

    public String getRunId() {
        return runId;
    }

    public String getRuleId() {
        return ruleId;
    }

    public List<String> getRecipients() {
        return recipients;
    }

    public List<String> getChannels() {
        return channels;
    }

    public String getTitle() {
        return title;
    }

    public String getBody() {
        return body;
    }

    public String getSubjectType() {
        return subjectType;
    }

    public String getSubjectId() {
        return subjectId;
    }
}
