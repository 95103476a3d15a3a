package io.pulsecrm.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.pulsecrm.identity.IdentityServiceTestSupport;
import org.junit.jupiter.api.Test;

class SignInPageTest extends IdentityServiceTestSupport {

    @Test
    void thePageSpeaksTheBrowsersLanguageAndCarriesTheFormsCsrfToken() {
        HttpResponse<String> english = get("/login", "Accept-Language", "en-GB,en;q=0.8");
        HttpResponse<String> russian = get("/login", "Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5");

        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("Sign in to Pulse", "name=\"username\"", "name=\"password\"",
                "autocomplete=\"current-password\"").containsPattern("<input name=\"_csrf\" type=\"hidden\" value=\"[^\"]+\">");
        assertThat(english.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("form-action");
        assertThat(russian.body()).contains("<html lang=\"ru\">", "Вход в Pulse", "Пароль", "Войти");
    }

    @Test
    void aFailedSignInSaysSoWithoutSayingWhichPartWasWrong() {
        assertThat(get("/login?error", "Accept-Language", "en").body()).contains("The user name or password is not right.");
        assertThat(get("/login?error", "Accept-Language", "ru").body()).contains("Неверное имя пользователя или пароль.");
        assertThat(get("/login?logout", "Accept-Language", "en").body()).contains("You have signed out.");
    }

    @Test
    void itsStylesheetNeedsNoSession() {
        HttpResponse<String> css = get("/signin.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    }
}
