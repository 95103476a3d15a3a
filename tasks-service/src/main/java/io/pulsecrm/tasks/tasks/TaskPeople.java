package io.pulsecrm.tasks.tasks;

import java.util.Objects;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * The people a task names, checked against the users directory and the caller's rights (docs/identity.md):
 * the assignee owns the task. Reps assign tasks to themselves only, managers within their team, admins and
 * partner clients to anyone; an unknown user is a 400 naming the field, a user the caller may not assign to a 403.
 * Ids have already passed {@link TaskValidator}'s format check.
 */
@Component
public class TaskPeople {

    private final Visibility visibility;

    TaskPeople(Visibility visibility) {
        this.visibility = visibility;
    }

    /** The assignee of a new task: the one asked for if the caller may assign to them, else the caller. */
    public String assigneeOfNewTask(String requested) {
        if (requested == null) {
            return visibility.defaultOwner(); // partner clients leave it unassigned: the shared pool
        }
        visibility.requireAssignable(requested, "assigneeId");
        return requested;
    }

    /** A change of assignee; keeping the current one is always allowed. */
    public void requireReassignable(String currentAssigneeId, String newAssigneeId) {
        visibility.requireReassignable(currentAssigneeId, newAssigneeId, "assigneeId");
    }

    /**
     * Who created the task: the calling member, who may not name someone else. A partner client (an import,
     * say) may name the member it acts for, who must exist; otherwise there is none.
     */
    public String creator(String requested) {
        Caller caller = CurrentCaller.get();
        if (caller.isUser()) {
            if (requested != null && !requested.equals(caller.id())) {
                throw InvalidRequestException.field("creatorId", "is the calling user (" + caller.id()
                        + ") and cannot name someone else");
            }
            return caller.id();
        }
        requireKnown(requested, "creatorId");
        return requested;
    }

    /**
     * The other people a task's fields name, where they change: the manager hint must exist, and the
     * follow-up's assignee is one the caller may assign to (it becomes the follow-up task's owner).
     *
     * @param before the task's fields before the change; null for a new task
     */
    public void requireValidPeople(TaskDetails before, TaskDetails after) {
        String managerBefore = before == null ? null : before.managerId();
        if (!Objects.equals(managerBefore, after.managerId())) {
            requireKnown(after.managerId(), "managerId");
        }
        String followUpBefore = before == null || before.followUp() == null ? null : before.followUp().assigneeId();
        String followUpAfter = after.followUp() == null ? null : after.followUp().assigneeId();
        if (!Objects.equals(followUpBefore, followUpAfter)) {
            visibility.requireAssignable(followUpAfter, "followUp.assigneeId");
        }
    }

    private void requireKnown(String userId, String field) {
        if (userId != null && !visibility.directory().isKnown(userId)) {
            throw InvalidRequestException.field(field, "unknown user " + userId);
        }
    }
}
