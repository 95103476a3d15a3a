package io.pulsecrm.contacts.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Whose address a request is counted under: X-Forwarded-For is believed only as far as trusted proxies wrote it. */
class ClientAddressTest {

    private final ClientAddress addresses = new ClientAddress(new LeadIntakeProperties(
            new LeadIntakeProperties.RateLimit(java.time.Duration.ofMinutes(1), 60, 10),
            new LeadIntakeProperties.Spam(true, true, java.time.Duration.ofSeconds(3), java.time.Duration.ofHours(24)),
            List.of("127.0.0.1", "10.0.0.0/8")));

    @Test
    void aDirectClientIsCountedUnderItsOwnAddressWhateverItClaims() {
        assertThat(addresses.of(request("198.51.100.7", "203.0.113.1"))).isEqualTo("198.51.100.7");
        assertThat(addresses.of(request("198.51.100.7", null))).isEqualTo("198.51.100.7");
    }

    @Test
    void behindTrustedProxiesTheLastUntrustedHopIsTheClient() {
        assertThat(addresses.of(request("127.0.0.1", "203.0.113.9"))).isEqualTo("203.0.113.9");
        // the client wrote the first entry itself: only what the proxies appended counts
        assertThat(addresses.of(request("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.2.3"))).isEqualTo("203.0.113.9");
        assertThat(addresses.of(request("10.9.9.9", "2001:db8::1"))).isEqualTo("2001:db8::1");
        // garbage or host names are never resolved nor believed
        assertThat(addresses.of(request("127.0.0.1", "evil.example.com"))).isEqualTo("127.0.0.1");
        assertThat(addresses.of(request("127.0.0.1", "999.1.1.1"))).isEqualTo("127.0.0.1");
        assertThat(addresses.of(request("127.0.0.1", null))).isEqualTo("127.0.0.1");
    }

    @Test
    void ipv6ClientsCountPerSlash64() {
        assertThat(IntakeRateLimiter.network("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(IntakeRateLimiter.network("2001:db8:1:2::1"));
        assertThat(IntakeRateLimiter.network("2001:db8:1:3::1")).isNotEqualTo(IntakeRateLimiter.network("2001:db8:1:2::1"));
        assertThat(IntakeRateLimiter.network("203.0.113.9")).isEqualTo("203.0.113.9");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/public/lead-forms/x/submissions");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
