package io.pulsecrm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A store that does not answer (a restart, a failover) is a 503 to retry, never a 500. */
class StoreUnavailableTest {

    final StoreUnavailable.Filter filter = new StoreUnavailable.Filter();
    final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tasks");
    final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void aConnectionTheStoreClosedIsAnsweredWith503AndRetryAfter() throws Exception {
        filter.doFilter(request, response, (req, res) -> {
            throw new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress());
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(response.getContentAsString()).contains("\"type\":\"https://pulsecrm.io/problems/store-unavailable\"",
                "\"instance\":\"/api/tasks\"", "nothing was changed");
    }

    @Test
    void aStoreFailureWrappedByAFilterOrSpringIsRecognised() throws Exception {
        filter.doFilter(request, response, (req, res) -> {
            throw new ServletException(new MongoTimeoutException("Timed out while waiting for a server"));
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(io.pulsecrm.platform.store.StoreOutage.causes(new DataAccessResourceFailureException("down"))).isTrue();
    }

    @Test
    void otherFailuresAreLeftToTheErrorHandling() {
        assertThatThrownBy(() -> filter.doFilter(request, response, (req, res) -> {
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(io.pulsecrm.platform.store.StoreOutage.causes(new IllegalArgumentException("bad input"))).isFalse();
    }
}
