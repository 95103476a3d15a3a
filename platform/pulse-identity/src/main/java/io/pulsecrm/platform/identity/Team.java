package io.pulsecrm.platform.identity;

/** A sales team; its manager sees and manages its members' records. */
public record Team(String id, String name, String managerId) {
}
