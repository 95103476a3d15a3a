package io.pulsecrm.contacts.imports;

import java.io.Reader;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Reads an uploaded file back from its chunks, one chunk in memory at a time. */
final class ChunkReader extends Reader {

    private final MongoTemplate mongo;
    private final String jobId;
    private final int chunks;
    private int nextChunk;
    private String current = "";
    private int position;

    ChunkReader(MongoTemplate mongo, String jobId, int chunks) {
        this.mongo = mongo;
        this.jobId = jobId;
        this.chunks = chunks;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        while (position >= current.length()) {
            if (nextChunk >= chunks) {
                return -1;
            }
            Document chunk = mongo.findOne(Query.query(Criteria.where("_id").is(jobId + ":" + nextChunk)), Document.class,
                    ImportJob.CHUNKS);
            if (chunk == null) {
                throw new IllegalStateException("Chunk " + nextChunk + " of import " + jobId + " is missing");
            }
            current = chunk.getString("text");
            position = 0;
            nextChunk++;
        }
        int count = Math.min(length, current.length() - position);
        current.getChars(position, position + count, buffer, offset);
        position += count;
        return count;
    }

    @Override
    public void close() {
        current = "";
    }
}
