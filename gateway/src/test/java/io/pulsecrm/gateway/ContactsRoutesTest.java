package io.pulsecrm.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Everything contacts-service serves is reachable through the gateway, the streamed-upload route fails cleanly, and file
 * uploads of many megabytes pass. */
class ContactsRoutesTest extends GatewayTestSupport {

    @Test
    void contactsServicePathsAreRoutedToIt() {
        for (String path : new String[] {"/api/custom-fields/contact", "/api/segments", "/api/lead-forms", "/api/public/lead-forms/f1/submissions",
                "/api/settings/phone-region"}) {
            gateway.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "stub");
        }
    }

    @Test
    void anUnreachableServiceBehindTheUploadRouteIsA503ProblemNotA500() {
        gateway.post().uri("/api/imports?fileName=people.csv")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("Name,Mail\nAda,ada@example.com\n")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.service").isEqualTo("contacts-imports")
                .jsonPath("$.reason").isEqualTo("unreachable")
                .jsonPath("$.instance").isEqualTo("/api/imports");
    }

    @Test
    void aFileUploadOfManyMegabytesStreamsThroughToTheService() {
        byte[] file = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(file, (byte) 'a');
        org.springframework.http.client.MultipartBodyBuilder multipart = new org.springframework.http.client.MultipartBodyBuilder();
        multipart.part("file", new org.springframework.core.io.ByteArrayResource(file) {
            @Override
            public String getFilename() {
                return "notes.txt";
            }
        }).contentType(MediaType.TEXT_PLAIN);
        gateway.post().uri("/api/contacts/c1/files")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(multipart.build())
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "stub");
    }
}
