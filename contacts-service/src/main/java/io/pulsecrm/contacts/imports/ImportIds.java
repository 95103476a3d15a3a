package io.pulsecrm.contacts.imports;

import java.time.Instant;
import java.util.UUID;

/**
 * Ids for imported rows' records (contacts, companies): UUID version 7 layout (so they sort with other ids by time: the job's creation
 * time) whose remaining bits are the job's hash and the row number, so the same row always gets the same id.
 */
final class ImportIds {

    private ImportIds() {
    }

    static String contactId(String jobId, Instant jobCreatedAt, long row) {
        return recordId(jobId, jobCreatedAt, row);
    }

    static String recordId(String jobId, Instant jobCreatedAt, long row) {
        long hash = UUID.nameUUIDFromBytes(jobId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).getMostSignificantBits();
        long msb = (jobCreatedAt.toEpochMilli() << 16) | 0x7000L | (hash & 0x0FFFL);
        long lsb = 0x8000000000000000L | (((hash >>> 12) & 0x3FFFFFL) << 40) | (row & 0xFFFFFFFFFFL);
        return new UUID(msb, lsb).toString();
    }
}
