package io.pulsecrm.platform.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadGuardTest {

    private final UploadGuard guard = new UploadGuard(FilesProperties.DEFAULT_ALLOWED_TYPES);

    private String check(String name, String declared, byte[] bytes) {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
        String type = guard.check(name, declared, in).contentType();
        assertThat(in).as("the bytes read to detect the type are given back").hasBinaryContent(bytes);
        return type;
    }

    private FileRejectedException refused(String name, String declared, byte[] bytes) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> check(name, declared, bytes));
        assertThat(thrown).isInstanceOf(FileRejectedException.class);
        return (FileRejectedException) thrown;
    }

    @Test
    void acceptsWhatItIsAndKeepsTheMostSpecificType() {
        assertThat(check("quote.pdf", "application/pdf", Samples.pdf())).isEqualTo("application/pdf");
        assertThat(check("logo.png", "image/png", Samples.png())).isEqualTo("image/png");
        assertThat(check("leads.csv", "text/csv", Samples.csv())).isEqualTo("text/csv");
        // browsers send octet-stream for types they do not know: the name and the bytes decide
        assertThat(check("leads.csv", "application/octet-stream", Samples.csv())).isEqualTo("text/csv");
        assertThat(check("notes.txt", null, "plain words\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/plain");
        // a .docx is a zip: the bytes say zip (or OOXML), the declared type and the name say which kind
        assertThat(check("contract.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Samples.docx())).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(check("archive.zip", "application/zip", Samples.zip("a.txt", "a"))).isEqualTo("application/zip");
        assertThat(check("quote.pdf", "application/pdf; charset=binary", Samples.pdf())).isEqualTo("application/pdf");
    }

    @Test
    void aMislabelledFileNamesBothTypes() {
        FileRejectedException declared = refused("photo.png", "image/png", Samples.pdf());
        assertThat(declared.reason()).isEqualTo(FileRejectedException.Reason.TYPE_MISMATCH);
        assertThat(declared.declaredType()).isEqualTo("image/png");
        assertThat(declared.detectedType()).isEqualTo("application/pdf");
        assertThat(declared.getMessage()).contains("image/png", "application/pdf");

        FileRejectedException extension = refused("contract.pdf", null, Samples.png());
        assertThat(extension.reason()).isEqualTo(FileRejectedException.Reason.TYPE_MISMATCH);
        assertThat(extension.getMessage()).contains("contract.pdf", "application/pdf", "image/png");

        assertThat(refused("report.pdf", "application/pdf", "just text".getBytes(StandardCharsets.UTF_8)).detectedType())
                .isEqualTo("text/plain");
        assertThat(refused("leads.csv", "text/csv", Samples.pdf()).reason())
                .isEqualTo(FileRejectedException.Reason.TYPE_MISMATCH);
    }

    @Test
    void programsAndScriptsAreRefusedHoweverTheyAreLabelled() {
        assertThat(refused("setup.exe", "application/x-msdownload", Samples.exe()).reason())
                .isEqualTo(FileRejectedException.Reason.EXECUTABLE);
        // disguised as a PDF: the bytes give it away
        FileRejectedException disguised = refused("invoice.pdf", "application/pdf", Samples.exe());
        assertThat(disguised.reason()).isEqualTo(FileRejectedException.Reason.EXECUTABLE);
        assertThat(disguised.detectedType()).startsWith("application/x-");
        assertThat(refused("run.sh", null, "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo(FileRejectedException.Reason.EXECUTABLE);
        assertThat(refused("run.bat", "text/plain", "@echo off\r\ndel *\r\n".getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo(FileRejectedException.Reason.EXECUTABLE);
        assertThat(refused("app.jar", null, Samples.zip("META-INF/MANIFEST.MF", "Main-Class: x")).reason())
                .isEqualTo(FileRejectedException.Reason.EXECUTABLE);
    }

    @Test
    void typesOffTheAllowListAreRefused() {
        FileRejectedException html = refused("page.html", "text/html",
                "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(html.reason()).isIn(FileRejectedException.Reason.TYPE_NOT_ALLOWED, FileRejectedException.Reason.EXECUTABLE);
        assertThat(html.getMessage()).contains("text/html");

        UploadGuard pdfOnly = new UploadGuard(java.util.List.of("application/pdf"));
        assertThatThrownBy(() -> pdfOnly.check("logo.png", "image/png",
                new BufferedInputStream(new ByteArrayInputStream(Samples.png()))))
                .isInstanceOfSatisfying(FileRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(FileRejectedException.Reason.TYPE_NOT_ALLOWED));
    }
}
