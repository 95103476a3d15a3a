package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;

/** The web app at /: its pages without a token, its assets cached, its policy strict, the API never confused with it. */
class WebAppTest extends GatewayTestSupport {

    @Test
    void anyPageOfTheAppIsItsIndexWithAStrictPolicy() {
        for (String page : new String[] { "/", "/contacts", "/deals/d-42", "/tasks/team?x=1" }) {
            String body = anonymous.get().uri(page).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().valueEquals("Cache-Control", "no-cache")
                    .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                            .contains("script-src 'self';", "frame-ancestors 'none'", "object-src 'none'")
                            .doesNotContain("unsafe-eval")
                            .containsPattern("connect-src 'self' http://[^;]+;"))
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).as(page).contains("<div id=\"root\">");
        }
    }

    @Test
    void hashedAssetsAreCachedForAYearAndMissingOnesAreNotTheApp() throws IOException {
        String index = new ClassPathResource("pulse-web/index.html").getContentAsString(StandardCharsets.UTF_8);
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
        assertThat(script.find()).as("the built index names its entry script").isTrue();

        anonymous.get().uri(script.group(1)).exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Type", type -> assertThat(type).contains("javascript"))
                .expectHeader().value("Cache-Control", cache -> assertThat(cache).contains("max-age=31536000", "immutable"));
        anonymous.get().uri("/assets/missing-0000.js").exchange().expectStatus().isNotFound();
        anonymous.get().uri("/assets/../application.yml").exchange().expectStatus().is4xxClientError();
    }

    @Test
    void theAppLearnsWhereToSignInFromTheGateway() {
        anonymous.get().uri("/app-config.json").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody()
                .jsonPath("$.clientId").isEqualTo("pulse-web")
                .jsonPath("$.issuer").value(issuer -> assertThat((String) issuer).startsWith("http"))
                .jsonPath("$.scope").isEqualTo("openid profile email");
    }

    @Test
    void apiAndOperationsPathsNeverFallBackToTheApp() {
        anonymous.get().uri("/api/contacts").accept(MediaType.TEXT_HTML).exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/actuator/metrics").accept(MediaType.TEXT_HTML).exchange().expectStatus().isUnauthorized();
        gateway.get().uri("/api/unknown-things").accept(MediaType.TEXT_HTML).exchange().expectStatus().isNotFound();
        anonymous.post().uri("/contacts").accept(MediaType.TEXT_HTML).exchange().expectStatus().isUnauthorized();
        // a client that does not ask for HTML gets the gateway's problem, not a page
        anonymous.get().uri("/no-such-thing").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void oneSwaggerUiListsEveryServicesDocument() {
        anonymous.get().uri("/swagger-ui/").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("swagger-ui-bundle.js"));
        anonymous.get().uri("/swagger-ui/swagger-initializer.js").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js)
                        .contains("/v3/api-docs/contacts", "/v3/api-docs/deals", "/v3/api-docs/tasks",
                                "/v3/api-docs/automation", "/v3/api-docs/notification"));
        anonymous.get().uri("/swagger-ui/swagger-ui-bundle.js").exchange().expectStatus().isOk();
        // each document is routed to its service's own /v3/api-docs
        String requestId = "api-docs-" + System.nanoTime();
        anonymous.get().uri("/v3/api-docs/contacts").header("X-Request-Id", requestId).exchange()
                .expectStatus().isOk();
        assertThat(SERVICES.requestWithId(requestId).orElseThrow().path()).isEqualTo("/v3/api-docs");
    }
}
