package io.pulsecrm.identity.issuer;

import java.time.Duration;

import com.nimbusds.jwt.JWTClaimsSet;
import io.pulsecrm.identity.IdentityServiceTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenLifetimeTest extends IdentityServiceTestSupport {

    @Test
    void clientLifetimeFromTheDirectoryOverridesTheDefault() {
        JWTClaimsSet claims = verifiedClaims(clientToken("partner-fast", "fast-secret", null));

        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void otherClientsGetTheDefaultFifteenMinutes() {
        JWTClaimsSet claims = verifiedClaims(clientToken("partner-events", "events-secret", null));

        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }
}
