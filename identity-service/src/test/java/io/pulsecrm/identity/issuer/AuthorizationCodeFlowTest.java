package io.pulsecrm.identity.issuer;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import io.pulsecrm.identity.IdentityServiceTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser flow of the web client, one HTTP exchange at a time. */
class AuthorizationCodeFlowTest extends IdentityServiceTestSupport {

    @Test
    void userSignsInAndTheCodeWithItsVerifierBuysTokensWithTheirClaims() throws Exception {
        Pkce pkce = Pkce.create();
        Browser browser = new Browser();

        // 1. the authorization request sends an anonymous browser to the login form
        HttpResponse<String> authorize = browser.get(authorizeUrl(pkce, "xyz"));
        String loginUrl = location(authorize);
        assertThat(loginUrl).isEqualTo(url("/login"));

        // 2. the login form carries a CSRF token bound to the session
        HttpResponse<String> loginPage = browser.get(loginUrl);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        String csrf = csrfToken(loginPage.body());
        assertThat(browser.hasCookie("JSESSIONID")).isTrue();

        // 3. signing in returns to the saved authorization request
        HttpResponse<String> login = browser.postForm(loginUrl, Map.of("username", "ada", "password", "ada", "_csrf", csrf));
        String resumed = location(login);
        assertThat(resumed).startsWith(url("/oauth2/authorize"));

        // 4. no consent screen: straight back to the client with a code and its state
        String callback = location(browser.get(resumed));
        assertThat(callback).startsWith(REDIRECT_URI + "?");
        Map<String, String> params = queryParams(callback);
        assertThat(params).containsEntry("state", "xyz").containsKey("code");

        // 5. the code and the PKCE verifier buy the tokens
        HttpResponse<String> token = postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", params.get("code"),
                "redirect_uri", REDIRECT_URI,
                "client_id", WEB_CLIENT,
                "code_verifier", pkce.verifier()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Map<String, Object> tokens = json(token);

        JWTClaimsSet access = verifiedClaims((String) tokens.get("access_token"));
        assertThat(access.getIssuer()).isEqualTo(ISSUER);
        assertThat(access.getSubject()).isEqualTo("ada");
        assertThat(access.getAudience()).containsExactly(AUDIENCE);
        assertThat(access.getStringListClaim("roles")).containsExactly("rep");
        assertThat(access.getStringClaim("team")).isEqualTo("east");
        assertThat(access.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(access.getStringClaim("email")).isEqualTo("ada@pulse.example");
        assertThat(access.getStringListClaim("scope")).containsExactlyInAnyOrder("openid", "profile", "email");

        JWTClaimsSet id = verifiedClaims((String) tokens.get("id_token"));
        assertThat(id.getSubject()).isEqualTo("ada");
        assertThat(id.getAudience()).containsExactly(WEB_CLIENT);
        assertThat(id.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(id.getStringClaim("email")).isEqualTo("ada@pulse.example");
        assertThat(id.getClaims()).doesNotContainKey("roles");

        // the access token opens the Pulse API
        assertThat(getWithToken("/api/users/ada", (String) tokens.get("access_token")).statusCode()).isEqualTo(200);
    }

    @Test
    void adminWithoutTeamGetsRolesButNoTeamClaim() throws Exception {
        JWTClaimsSet access = verifiedClaims((String) userTokens("alex", "alex").get("access_token"));

        assertThat(access.getStringListClaim("roles")).containsExactly("admin");
        assertThat(access.getClaims()).doesNotContainKey("team");
    }

    @Test
    void wrongPasswordYieldsNoCode() {
        Pkce pkce = Pkce.create();
        Browser browser = new Browser();
        String loginUrl = location(browser.get(authorizeUrl(pkce, "xyz")));
        String csrf = csrfToken(browser.get(loginUrl).body());

        String afterLogin = location(browser.postForm(loginUrl,
                Map.of("username", "ada", "password", "not-ada", "_csrf", csrf)));
        assertThat(afterLogin).isEqualTo(url("/login?error"));

        // still anonymous: the authorization request goes back to the login form, never to the client
        String again = location(browser.get(authorizeUrl(pkce, "xyz")));
        assertThat(again).isEqualTo(url("/login")).doesNotContain("code=");
        assertThat(signInForCode("ada", "wrong", pkce)).isNull();
    }

    @Test
    void loginWithoutCsrfTokenIsRefused() {
        Browser browser = new Browser();
        String loginUrl = location(browser.get(authorizeUrl(Pkce.create(), "xyz")));
        browser.get(loginUrl);

        HttpResponse<String> login = browser.postForm(loginUrl, Map.of("username", "ada", "password", "ada"));

        assertThat(login.statusCode()).isEqualTo(403);
    }

    @Test
    void tokenRequestWithoutTheVerifierOrWithAnotherOneFails() {
        Pkce pkce = Pkce.create();
        String code = signInForCode("ada", "ada", pkce);
        assertThat(code).isNotNull();

        HttpResponse<String> withoutVerifier = postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT_URI,
                "client_id", WEB_CLIENT));
        HttpResponse<String> otherVerifier = postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT_URI,
                "client_id", WEB_CLIENT,
                "code_verifier", Pkce.create().verifier()));

        assertThat(withoutVerifier.statusCode()).isBetween(400, 401);
        assertThat(withoutVerifier.body()).doesNotContain("access_token");
        assertThat(otherVerifier.statusCode()).isBetween(400, 401);
        assertThat(otherVerifier.body()).doesNotContain("access_token");
    }

    @Test
    void authorizationRequestWithoutCodeChallengeIsRejected() {
        Browser browser = new Browser();
        String loginUrl = location(browser.get(authorizeUrl(Pkce.create(), "first")));
        String csrf = csrfToken(browser.get(loginUrl).body());
        location(browser.postForm(loginUrl, Map.of("username", "ada", "password", "ada", "_csrf", csrf)));

        // signed in now, but a public client must send a PKCE challenge
        String callback = location(browser.get(authorizeUrl(null, "second")));

        assertThat(queryParams(callback)).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }
}
