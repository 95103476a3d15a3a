package io.pulsecrm.notification.inbox;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * Whose notifications a request reaches. An inbox is personal, stricter than the owner visibility of other
 * records: a member acts on their own inbox (notifications, unread count, stream, preferences) and managers do
 * not see their team's. Admins, and partner applications with the {@code notifications} scopes, reach every
 * inbox: they name the user with {@code userId} (applications must, having no inbox of their own).
 * <p>
 * A member naming another user gets 403 (the user exists or not, it is not theirs: users are no secret, the
 * directory lists them); a notification of someone else's, asked for by id, is 404 like any record the caller
 * may not see.
 */
@Component
public class InboxAccess {

    private static final int MAX_USER_ID = 200;

    private final Visibility visibility;

    InboxAccess(Visibility visibility) {
        this.visibility = visibility;
    }

    /**
     * The user whose inbox the request acts on: the caller, or for admins and partner applications the named user.
     *
     * @param requestedUserId the {@code userId} parameter, or null
     * @throws ForbiddenException      a member other than an admin named someone else
     * @throws InvalidRequestException an application named nobody, or an unknown user was named
     */
    public String recipient(String requestedUserId) {
        Caller caller = CurrentCaller.get();
        String requested = requestedUserId == null || requestedUserId.isBlank() ? null : requestedUserId.strip();
        if (requested == null) {
            if (caller.isClient()) {
                throw InvalidRequestException.field("userId",
                        "is required for partner applications (they have no inbox of their own)");
            }
            return caller.id();
        }
        if (requested.length() > MAX_USER_ID) {
            throw InvalidRequestException.field("userId", "must be at most " + MAX_USER_ID + " characters");
        }
        if (caller.isUser() && requested.equals(caller.id())) {
            return requested;
        }
        if (caller.isUser() && !caller.is(Role.ADMIN)) {
            throw new ForbiddenException("Only admins act on another user's notifications; leave out userId for your own");
        }
        if (!visibility.directory().isKnown(requested)) {
            throw InvalidRequestException.field("userId", "unknown user " + requested);
        }
        return requested;
    }

    /**
     * The recipient that notifications asked for by id must have: the calling member; null (anyone's) for admins
     * and partner applications.
     */
    public String recipientRestriction() {
        Caller caller = CurrentCaller.get();
        return caller.isClient() || caller.is(Role.ADMIN) ? null : caller.id();
    }
}
