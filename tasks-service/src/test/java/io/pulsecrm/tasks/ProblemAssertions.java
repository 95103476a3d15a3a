package io.pulsecrm.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pulsecrm.platform.test.ApiClient.Response;

public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static void assertProblem(Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).as(response.toString()).contains(detailContains);
    }

    public static List<String> fields(Response response) {
        return response.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }
}
