package io.pulsecrm.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.contacts.leads.TestFormTokens;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas of the service on one store: what must hold across replicas (the duplicate check, the lead intake's
 * rate limits and form tokens) holds with requests spread over both.
 */
class TwoReplicasTest extends ServiceApiTest {

    private static ConfigurableApplicationContext second;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void startSecondReplica() {
        second = new SpringApplicationBuilder(ContactsApplication.class).profiles("test").run("--server.port=0");
    }

    @AfterAll
    static void stopSecondReplica() {
        if (second != null) {
            second.close();
        }
    }

    private ApiClient replicaB() {
        return ApiClient.localhost(((WebServerApplicationContext) second).getWebServer().getPort()).as(TestIdentity.ADMIN);
    }

    @Test
    void concurrentCreatesOfOnePersonOnBothReplicasHaveOneWinner() throws Exception {
        String email = "replicas-" + System.nanoTime() + "@example.com";
        ApiClient b = replicaB();
        // both replicas warmed up (token keys fetched, connections open), so the requests really overlap
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/contacts", "{\"firstName\":\"Warm\"}").status()).isEqualTo(201);
            assertThat(b.post("/api/contacts", "{\"firstName\":\"Warm\"}").status()).isEqualTo(201);
        }
        int racers = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            ApiClient replica = i % 2 == 0 ? api : b;
            calls.add(() -> {
                start.await();
                return replica.post("/api/contacts", "{\"firstName\":\"Twin\",\"email\":\"" + email + "\"}");
            });
        }
        List<Response> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<Response>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
        }
        List<Response> created = answers.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as(answers.toString()).hasSize(1);
        String winner = created.getFirst().json().get("id").asString();
        assertThat(answers.stream().filter(r -> r.status() == 409))
                .hasSize(racers - 1)
                .allSatisfy(r -> assertThat(r.json().at("/candidates/0/id").asString()).isEqualTo(winner));
    }

    @Test
    void theLeadIntakeLimitsAndFormTokensHoldAcrossReplicas() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Two replicas\"}");
        String formId = form.json().get("id").asString();
        String submitUrl = form.json().get("submitUrl").asString();
        Map<String, String> headers = Map.of("X-Form-Key", form.json().get("key").asString(), "X-Forwarded-For", "198.51.100.77");
        ApiClient a = api.anonymous();
        ApiClient b = replicaB().anonymous();

        // a token issued by one replica is honoured by the other, once
        String token = TestFormTokens.fromAPerson(second, formId);
        String email = "replicated-" + System.nanoTime() + "@example.com";
        String body = "{\"firstName\":\"Rep\",\"email\":\"" + email + "\",\"formToken\":\"" + token + "\"}";
        assertThat(a.post(submitUrl, body, headers).status()).isEqualTo(202);
        assertThat(b.post(submitUrl, body.replace(email, "again-" + email), headers).status()).isEqualTo(202); // a replay
        assertThat(api.get("/api/contacts?q=" + email).json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/api/contacts?q=again-" + email).json().get("items").size()).isZero();

        // one address, ten submissions per window in all, wherever they land
        List<Integer> statuses = new ArrayList<>(List.of(202, 202));
        while (statuses.size() < 21 && !statuses.contains(429)) {
            statuses.add((statuses.size() % 2 == 0 ? a : b).post(submitUrl, "{\"firstName\":\"Flood\"}", headers).status());
        }
        assertThat(statuses).as("a window may end meanwhile, then the 429 comes later").contains(429);
        assertThat(statuses.indexOf(429)).isGreaterThanOrEqualTo(10);
        assertThat(context).isNotSameAs(second);
    }
}
