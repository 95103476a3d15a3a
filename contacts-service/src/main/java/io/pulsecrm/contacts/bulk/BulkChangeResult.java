package io.pulsecrm.contacts.bulk;

import java.util.List;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;

/**
 * What a bulk change did to each contact, in the order asked: {@code updated} (with the new version),
 * {@code unchanged} (it already was so) or {@code failed} with the problem a single PATCH would have answered.
 */
public record BulkChangeResult(int updated, int unchanged, int failed, List<ItemResult> results) {

    public enum Status { updated, unchanged, failed }

    /** @param version the contact's version after the change (null when it failed) */
    public record ItemResult(String id, Status status, Long version, ItemProblem problem) {
    }

    /** An RFC 9457 problem as one item's answer: {@code currentVersion} for a 409, {@code errors} for a 400. */
    public record ItemProblem(String type, String title, int status, String detail, List<FieldProblem> errors,
                              Long currentVersion) {
    }

    static BulkChangeResult of(List<ItemResult> results) {
        int updated = (int) results.stream().filter(r -> r.status() == Status.updated).count();
        int unchanged = (int) results.stream().filter(r -> r.status() == Status.unchanged).count();
        return new BulkChangeResult(updated, unchanged, results.size() - updated - unchanged, results);
    }
}
