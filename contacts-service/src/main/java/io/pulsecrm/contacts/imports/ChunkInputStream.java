package io.pulsecrm.contacts.imports;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Reads an uploaded file's bytes back from its chunks, one chunk in memory at a time. A chunk stored as text by an
 * older version (before the encoding could be chosen) reads as its UTF-8 bytes.
 */
final class ChunkInputStream extends InputStream {

    private final MongoTemplate mongo;
    private final String jobId;
    private final int chunks;
    private int nextChunk;
    private byte[] current = new byte[0];
    private int position;

    ChunkInputStream(MongoTemplate mongo, String jobId, int chunks) {
        this.mongo = mongo;
        this.jobId = jobId;
        this.chunks = chunks;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position >= current.length) {
            if (nextChunk >= chunks) {
                return -1;
            }
            Document chunk = mongo.findOne(Query.query(Criteria.where("_id").is(jobId + ":" + nextChunk)), Document.class,
                    ImportJob.CHUNKS);
            if (chunk == null) {
                throw new IllegalStateException("Chunk " + nextChunk + " of import " + jobId + " is missing");
            }
            Object bytes = chunk.get("bytes");
            current = bytes instanceof Binary binary ? binary.getData()
                    : bytes instanceof byte[] raw ? raw : chunk.getString("text").getBytes(StandardCharsets.UTF_8);
            position = 0;
            nextChunk++;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public void close() {
        current = new byte[0];
    }
}
