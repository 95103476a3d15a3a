package io.pulsecrm.notification;

import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.test.TestIdentity;

/** Fresh members of the test directory, so that each test has inboxes of its own. */
public final class TestUsers {

    private TestUsers() {
    }

    /** A new rep of team east (managed by {@link TestIdentity#EAST_MANAGER}); name = id, email = id@pulse.test. */
    public static String rep() {
        return rep("east");
    }

    public static String rep(String team) {
        String id = "rep-" + Ids.newId();
        TestIdentity.shared().addUser(id, Role.REP, team);
        return id;
    }
}
