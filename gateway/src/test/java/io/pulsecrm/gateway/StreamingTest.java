package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Live notifications are a long-lived server-sent event stream: the route's response timeout bounds only the
 * wait for headers, so a stream with pauses longer than that timeout passes through whole.
 */
class StreamingTest extends GatewayTestSupport {

    @Test
    void theNotificationStreamPassesThroughWithPausesLongerThanTheRouteTimeout() {
        List<String> body = gateway.get().uri("/api/notifications/stream?userId=rep-1")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(15));

        assertThat(DownstreamStub.STREAM_PAUSE).isGreaterThan(TASKS_RESPONSE_TIMEOUT);
        assertThat(String.join("\n", body)).contains("{\"n\":1}", "{\"n\":2}", "{\"n\":" + DownstreamStub.STREAMED_EVENTS + "}");
    }

    @Test
    void browsersEventSourceMayPassTheTokenAsAQueryParameterWhichReachesTheServiceUnchanged() {
        String token = IDENTITY.tokenFor(CALLER);
        String requestId = UUID.randomUUID().toString();

        List<String> body = anonymous.get().uri("/api/notifications/stream?access_token={token}", token)
                .header("X-Request-Id", requestId)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(15));

        assertThat(String.join("\n", body)).contains("{\"n\":" + DownstreamStub.STREAMED_EVENTS + "}");
        assertThat(SERVICES.requestWithId(requestId)).get()
                .extracting(DownstreamStub.RecordedRequest::rawQuery).isEqualTo("access_token=" + token);
    }
}
