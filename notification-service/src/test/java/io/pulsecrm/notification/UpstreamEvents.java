package io.pulsecrm.notification;

import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.TestEvents;

/** Topics and sample events of the services notification-service listens to. */
public final class UpstreamEvents {

    public static final String TASKS = "pulse.tasks.task.v1";
    public static final String DEALS = "pulse.deals.deal.v1";
    public static final String CONTACTS = "pulse.contacts.contact.v1";

    private UpstreamEvents() {
    }

    /** A pulse.task.assigned.v1 like tasks-service's, with the fields notifications use (and an unknown one). */
    public static EventEnvelope taskAssigned(String taskId, String assignee, String title) {
        return TestEvents.event("pulse.task.assigned.v1", taskId, Map.of(
                "task", Map.of("id", taskId, "title", title, "assigneeId", assignee, "status", "open",
                        "dueAt", "2026-12-01T10:00:00Z", "priority", "high", "aFutureField", 42),
                "previousAssigneeId", "someone-else",
                "assigneeId", assignee));
    }
}
