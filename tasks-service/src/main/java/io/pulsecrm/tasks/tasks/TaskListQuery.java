package io.pulsecrm.tasks.tasks;

import org.springdoc.core.annotations.ParameterObject;

/**
 * The task list's filters as query parameters, declared once for the list and its export (the file holds exactly the
 * tasks the list shows). They combine with AND; {@code type} and {@code status} take comma-separated values;
 * {@code dueFrom} and {@code dueTo} are ISO-8601 date-times with an offset.
 */
@ParameterObject
record TaskListQuery(String type, String status, String assigneeId, String contactId, String companyId, String dealId,
                     String dueFrom, String dueTo) {

    /** @throws io.pulsecrm.platform.web.InvalidRequestException naming the parameter that is not a valid filter */
    TaskQueries.Filter filter() {
        return TaskQueries.Filter.parse(type, status, assigneeId, contactId, companyId, dealId, dueFrom, dueTo);
    }
}
