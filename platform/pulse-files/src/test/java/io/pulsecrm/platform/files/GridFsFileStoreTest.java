package io.pulsecrm.platform.files;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GridFS on the store the tests get (the embedded wire-protocol store here, real MongoDB in containers). */
@PulseInfrastructure
class GridFsFileStoreTest {

    private static MongoClient client;
    private static MongoDatabase database;
    private static GridFsFileStore store;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestInfrastructure.shared().mongoUri("pulse-files-test"));
        database = client.getDatabase("pulse-files-test");
        FilesProperties small = new FilesProperties(FilesProperties.Store.GRIDFS, DataSize.ofKilobytes(600), "files",
                DataSize.ofKilobytes(64), null);
        store = new GridFsFileStore(database, small, new UploadGuard(small.allowedTypes()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static FileOwner newDeal() {
        return new FileOwner("deal", Ids.newId());
    }

    @Test
    void storesListsFindsStreamsAndDeletesAFile() throws Exception {
        FileOwner deal = newDeal();
        byte[] pdf = Samples.pdfOfSize(300_000); // several chunks
        StoredFile stored = store.store(deal, "Договор №1.pdf", "application/pdf", new ByteArrayInputStream(pdf), "ada");

        assertThat(stored.filename()).isEqualTo("Договор №1.pdf");
        assertThat(stored.contentType()).isEqualTo("application/pdf");
        assertThat(stored.size()).isEqualTo(pdf.length);
        assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));
        assertThat(stored.uploadedBy()).isEqualTo("ada");
        assertThat(stored.uploadedAt()).isNotNull();

        assertThat(store.list(deal)).containsExactly(stored);
        assertThat(store.find(deal, stored.id())).contains(stored);
        try (InputStream in = store.open(stored)) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }

        store.delete(deal, stored.id());
        assertThat(store.list(deal)).isEmpty();
        assertThat(store.find(deal, stored.id())).isEmpty();
        assertThat(database.getCollection("files.chunks").countDocuments(new Document("files_id",
                new org.bson.types.ObjectId(stored.id())))).as("chunks of a deleted file").isZero();
        store.delete(deal, stored.id()); // twice is fine
    }

    @Test
    void aFileBelongsToItsOwnerOnly() {
        FileOwner deal = newDeal();
        FileOwner other = newDeal();
        StoredFile stored = store.store(deal, "logo.png", "image/png", new ByteArrayInputStream(Samples.png()), "ada");
        StoredFile second = store.store(deal, "leads.csv", "text/csv", new ByteArrayInputStream(Samples.csv()), "bob");

        assertThat(store.find(other, stored.id())).isEmpty();
        assertThat(store.find(new FileOwner("contact", deal.recordId()), stored.id())).isEmpty();
        assertThat(store.find(deal, "not-an-object-id")).isEmpty();
        assertThat(store.list(other)).isEmpty();
        store.delete(other, stored.id());
        assertThat(store.list(deal)).extracting(StoredFile::id).containsExactly(stored.id(), second.id());

        store.deleteAll(deal);
        assertThat(store.list(deal)).isEmpty();
    }

    @Test
    void anOversizeUploadIsRefusedWhileStreamingAndLeavesNothing() {
        FileOwner deal = newDeal();
        long chunksBefore = database.getCollection("files.chunks").countDocuments();
        FileRejectedException refused = catchThrowableOfType(FileRejectedException.class, () -> store.store(deal,
                "big.pdf", "application/pdf", new ByteArrayInputStream(Samples.pdfOfSize(700 * 1024)), "ada"));

        assertThat(refused.reason()).isEqualTo(FileRejectedException.Reason.TOO_LARGE);
        assertThat(refused.maxBytes()).isEqualTo(600 * 1024);
        assertThat(store.list(deal)).isEmpty();
        assertThat(database.getCollection("files.chunks").countDocuments()).as("no orphan chunks").isEqualTo(chunksBefore);

        // exactly at the limit is fine
        assertThat(store.store(deal, "fits.pdf", "application/pdf",
                new ByteArrayInputStream(Samples.pdfOfSize(600 * 1024)), "ada").size()).isEqualTo(600 * 1024);
    }

    @Test
    void emptyMislabelledAndExecutableUploadsAreNotKept() {
        FileOwner deal = newDeal();
        assertThat(catchThrowableOfType(FileRejectedException.class, () -> store.store(deal, "empty.pdf",
                "application/pdf", new ByteArrayInputStream(new byte[0]), "ada")).reason())
                .isEqualTo(FileRejectedException.Reason.EMPTY);
        assertThat(catchThrowableOfType(FileRejectedException.class, () -> store.store(deal, "photo.png",
                "image/png", new ByteArrayInputStream(Samples.pdf()), "ada")).reason())
                .isEqualTo(FileRejectedException.Reason.TYPE_MISMATCH);
        assertThat(catchThrowableOfType(FileRejectedException.class, () -> store.store(deal, "setup.exe",
                null, new ByteArrayInputStream(Samples.exe()), "ada")).reason())
                .isEqualTo(FileRejectedException.Reason.EXECUTABLE);
        assertThat(store.list(deal)).isEmpty();
    }

    @Test
    void listingIsServedByAnIndexOnTheOwner() {
        List<Document> indexes = database.getCollection("files.files").listIndexes().into(new java.util.ArrayList<>());
        assertThat(indexes).anySatisfy(index -> {
            assertThat(index.getString("name")).isEqualTo(GridFsFileStore.OWNER_INDEX);
            assertThat(index.get("key", Document.class).keySet())
                    .containsExactly("metadata.recordType", "metadata.recordId", "uploadDate");
        });
        store.store(newDeal(), "a.txt", "text/plain", new ByteArrayInputStream("a".getBytes()), "ada");
        // GridFS's own index for reading a file's chunks in order, made by the driver on first upload
        assertThat(database.getCollection("files.chunks").listIndexes().into(new java.util.ArrayList<>()))
                .anySatisfy(index -> assertThat(index.get("key", Document.class).keySet()).containsExactly("files_id", "n"));
    }
}
