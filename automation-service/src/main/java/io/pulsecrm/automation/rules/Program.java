package io.pulsecrm.automation.rules;

import java.util.List;

import io.pulsecrm.automation.actions.Action;

/**
 * Addresses a rule's (possibly branched) action list: {@code "0"}, {@code "1"}, {@code "2.then.0"},
 * {@code "2.else.1"}. A run keeps the address of its next action, so it can be parked and resumed anywhere, and
 * {@link #next} says what follows an action: its next sibling, or else what follows the enclosing branch.
 */
public final class Program {

    private final List<Action> actions;

    Program(List<Action> actions) {
        this.actions = actions;
    }

    /** The first action's address, null when there is none. */
    public String first() {
        return actions.isEmpty() ? null : "0";
    }

    /** The action at an address; null when the address does not exist (in this version of the rule). */
    public Action at(String address) {
        if (address == null) {
            return null;
        }
        String[] parts = address.split("\\.");
        List<Action> list = actions;
        Action action = null;
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1) {
                if (!(action instanceof Action.Branch branch)) {
                    return null;
                }
                list = "then".equals(parts[i]) ? branch.then() : "else".equals(parts[i]) ? branch.otherwise() : null;
                if (list == null) {
                    return null;
                }
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (index < 0 || index >= list.size()) {
                return null;
            }
            action = list.get(index);
        }
        return parts.length % 2 == 1 ? action : null;
    }

    /** The first action of a branch's chosen arm, else what follows the branch. */
    public String enter(String branchAddress, boolean then) {
        Action action = at(branchAddress);
        if (action instanceof Action.Branch branch && !(then ? branch.then() : branch.otherwise()).isEmpty()) {
            return branchAddress + (then ? ".then.0" : ".else.0");
        }
        return next(branchAddress);
    }

    /** The address of what runs after the action at {@code address}; null at the end of the rule. */
    public String next(String address) {
        int lastDot = address.lastIndexOf('.');
        String prefix = lastDot < 0 ? "" : address.substring(0, lastDot + 1);
        int index = Integer.parseInt(address.substring(lastDot + 1));
        String sibling = prefix + (index + 1);
        if (at(sibling) != null) {
            return sibling;
        }
        if (lastDot < 0) {
            return null;
        }
        // end of a branch arm: continue after the branch that holds it
        String arm = address.substring(0, lastDot);
        String branch = arm.substring(0, arm.lastIndexOf('.'));
        return next(branch);
    }
}
