package io.pulsecrm.deals.products;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;

/**
 * Everyone reads the catalogue; admins and managers change it (managers set prices for the deals their teams sell),
 * and partner clients with {@code deals:write} (an ERP keeping the catalogue in sync; the scope is checked for the
 * path by the platform). Reps get 403.
 */
final class ProductAccess {

    private ProductAccess() {
    }

    static void requireEditor() {
        Caller caller = CurrentCaller.get();
        if (caller.isUser() && !caller.is(Role.ADMIN) && !caller.is(Role.MANAGER)) {
            throw new ForbiddenException("Only admins and managers change the product catalogue");
        }
    }
}
