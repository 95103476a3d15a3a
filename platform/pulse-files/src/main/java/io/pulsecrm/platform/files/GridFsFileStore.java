package io.pulsecrm.platform.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Files in the service's own MongoDB database through GridFS ({@code <bucket>.files} and {@code <bucket>.chunks}).
 * The owner and what the upload guard decided live in each file document's {@code metadata}; a compound index on the
 * owner serves listing (the driver creates GridFS's own indexes for chunk reads). The files document is written only
 * after the last chunk, so a half-written upload is never listed; a refused one has its chunks removed at once.
 */
public class GridFsFileStore implements FileStore {

    static final String OWNER_INDEX = "owner_uploaded";
    private static final String META = "metadata.";
    private static final int SNIFF_BUFFER = 64 * 1024;

    private final GridFSBucket bucket;
    private final MongoDatabase database;
    private final String filesCollection;
    private final FilesProperties properties;
    private final UploadGuard guard;

    public GridFsFileStore(MongoDatabase database, FilesProperties properties, UploadGuard guard) {
        this.database = database;
        this.properties = properties;
        this.guard = guard;
        this.filesCollection = properties.bucket() + ".files";
        this.bucket = GridFSBuckets.create(database, properties.bucket())
                .withChunkSizeBytes((int) properties.chunkSize().toBytes());
        database.getCollection(filesCollection).createIndex(
                Indexes.ascending(META + "recordType", META + "recordId", "uploadDate"),
                new IndexOptions().name(OWNER_INDEX));
    }

    @Override
    public StoredFile store(FileOwner owner, String filename, String contentType, InputStream content, String uploadedBy) {
        String name = FileNames.sanitise(filename);
        long maxBytes = properties.maxSize().toBytes();
        BufferedInputStream buffered = new BufferedInputStream(content, SNIFF_BUFFER);
        if (isEmpty(buffered)) {
            throw new FileRejectedException(FileRejectedException.Reason.EMPTY, "The file \"" + name + "\" is empty",
                    null, null, null);
        }
        String type = guard.check(name, contentType, buffered).contentType();
        MessageDigest sha256 = sha256();
        Document metadata = new Document("recordType", owner.recordType()).append("recordId", owner.recordId())
                .append("contentType", type).append("uploadedBy", uploadedBy);
        GridFSUploadStream upload = bucket.openUploadStream(name, new GridFSUploadOptions().metadata(metadata));
        long size = 0;
        try (InputStream in = new DigestInputStream(buffered, sha256)) {
            byte[] chunk = new byte[SNIFF_BUFFER];
            for (int n; (n = in.read(chunk)) > 0; ) {
                size += n;
                if (size > maxBytes) {
                    throw FileRejectedException.tooLarge(maxBytes);
                }
                upload.write(chunk, 0, n);
            }
            upload.close();
        } catch (IOException | RuntimeException e) {
            upload.abort();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        ObjectId id = upload.getObjectId();
        // the digest is known only once the bytes are through; the files document is addressed by _id
        database.getCollection(filesCollection).updateOne(Filters.eq("_id", id), Updates.set(META + "sha256", digest));
        return new StoredFile(id.toHexString(), owner, name, type, size, digest, uploadedBy,
                bucket.find(Filters.eq("_id", id)).first().getUploadDate().toInstant());
    }

    @Override
    public List<StoredFile> list(FileOwner owner) {
        List<StoredFile> files = new ArrayList<>();
        bucket.find(ownedBy(owner)).sort(Sorts.ascending("uploadDate")).forEach(file -> files.add(toStoredFile(file)));
        return files;
    }

    @Override
    public Optional<StoredFile> find(FileOwner owner, String fileId) {
        if (fileId == null || !ObjectId.isValid(fileId)) {
            return Optional.empty();
        }
        GridFSFile file = bucket.find(Filters.eq("_id", new ObjectId(fileId))).first();
        if (file == null || file.getMetadata() == null
                || !owner.recordType().equals(file.getMetadata().getString("recordType"))
                || !owner.recordId().equals(file.getMetadata().getString("recordId"))) {
            return Optional.empty();
        }
        return Optional.of(toStoredFile(file));
    }

    @Override
    public InputStream open(StoredFile file) {
        return bucket.openDownloadStream(new ObjectId(file.id()));
    }

    @Override
    public void delete(FileOwner owner, String fileId) {
        find(owner, fileId).ifPresent(file -> deleteQuietly(new ObjectId(file.id())));
    }

    @Override
    public void deleteAll(FileOwner owner) {
        List<ObjectId> ids = new ArrayList<>();
        bucket.find(ownedBy(owner)).forEach(file -> ids.add(file.getObjectId()));
        ids.forEach(this::deleteQuietly);
    }

    private void deleteQuietly(ObjectId id) {
        try {
            bucket.delete(id);
        } catch (com.mongodb.MongoGridFSException alreadyGone) {
            // a concurrent delete (another replica, a retried request) got there first: the outcome is the same
        }
    }

    private static Bson ownedBy(FileOwner owner) {
        return Filters.and(Filters.eq(META + "recordType", owner.recordType()),
                Filters.eq(META + "recordId", owner.recordId()));
    }

    private static StoredFile toStoredFile(GridFSFile file) {
        Document metadata = file.getMetadata();
        return new StoredFile(file.getObjectId().toHexString(),
                new FileOwner(metadata.getString("recordType"), metadata.getString("recordId")), file.getFilename(),
                metadata.getString("contentType"), file.getLength(), metadata.getString("sha256"),
                metadata.getString("uploadedBy"), file.getUploadDate().toInstant());
    }

    private static boolean isEmpty(BufferedInputStream in) {
        try {
            in.mark(1);
            boolean empty = in.read() < 0;
            in.reset();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
