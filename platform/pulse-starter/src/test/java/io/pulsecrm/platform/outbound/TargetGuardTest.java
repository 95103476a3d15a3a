package io.pulsecrm.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The platform's one SSRF guard: which addresses are special-purpose, which URLs are refused, and that the HTTP
 * clients built on it connect only to the addresses it checked, never follow a redirect, and refuse loopback
 * unless the local opt-in is on. Calls go over real sockets to a real server on loopback.
 */
class TargetGuardTest {

    private static final TargetGuard GUARD = new TargetGuard(new OutboundProperties(false));
    private static final TargetGuard LOCAL = new TargetGuard(new OutboundProperties(true));

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            if (exchange.getRequestURI().getPath().equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    @Test
    void everySpecialPurposeBlockIsSpecial() throws UnknownHostException {
        for (String address : List.of("0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.0",
                "100.127.255.255", "127.0.0.1", "127.255.255.254", "169.254.0.1", "169.254.169.254", "172.16.0.1",
                "172.31.255.255", "192.0.0.1", "192.0.0.255", "192.0.2.1", "192.88.99.1", "192.168.0.1",
                "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
                "239.255.255.255", "240.0.0.1", "255.255.255.254", "255.255.255.255",
                "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::808:808",
                "64:ff9b:1::1", "100::1", "2001::1", "2001:1ff:ffff::1", "2001:db8::1", "2001:10::1", "fc00::1",
                "fdff:ffff::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "2002:7f00:1::1", "2002:a9fe:a9fe::1")) {
            assertThat(SpecialAddresses.isSpecial(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    @Test
    void publicAddressesAreNot() throws UnknownHostException {
        for (String address : List.of("8.8.8.8", "1.1.1.1", "93.184.215.14", "9.255.255.255", "11.0.0.1", "100.63.255.255",
                "100.128.0.1", "172.15.255.255", "172.32.0.1", "192.0.1.1", "192.169.0.1", "198.17.255.255",
                "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450::1",
                "2002:808:808::1")) {
            assertThat(SpecialAddresses.isSpecial(InetAddress.getByName(address))).as(address).isFalse();
        }
    }

    @Test
    void urlsAreRefusedForTheirFormAndWhereTheirHostsResolve() {
        assertThat(GUARD.refusal(null)).isEqualTo("is required");
        assertThat(GUARD.refusal("ftp://93.184.215.14/x")).isEqualTo("must be an http or https URL");
        assertThat(GUARD.refusal("http:///x")).isEqualTo("must have a host");
        assertThat(GUARD.refusal("http://user:pw@93.184.215.14/x")).isEqualTo("must not contain credentials");
        assertThat(GUARD.refusal("not a url")).isEqualTo("is not a valid URL");
        assertThat(GUARD.refusal("https://93.184.215.14/" + "x".repeat(2000))).contains("at most 2000");
        assertThat(GUARD.refusal("https://93.184.215.14/hook")).isNull();
        for (String url : List.of("http://localhost/x", "http://127.0.0.1:8080/x", "http://[::1]/x", "http://0.0.0.0/x",
                "http://169.254.169.254/latest", "http://[::ffff:169.254.169.254]/x", "http://[64:ff9b::a9fe:a9fe]/x",
                "http://100.64.1.1/x", "http://198.18.0.1/x", "http://240.1.2.3/x", "http://[fd12::1]/x")) {
            assertThat(GUARD.refusal(url)).as(url).startsWith("resolves to an address that is not public");
        }
        assertThat(GUARD.refusal("http://no-such-host.invalid/x")).isEqualTo("host does not resolve");
    }

    @Test
    void theLocalOptInAllowsLoopbackAndNothingElse() {
        assertThat(LOCAL.refusal("http://127.0.0.1:8080/x")).isNull();
        assertThat(LOCAL.refusal("http://localhost/x")).isNull();
        assertThat(LOCAL.refusal("http://[::1]/x")).isNull();
        for (String url : List.of("http://10.0.0.1/x", "http://169.254.169.254/x", "http://192.168.1.1/x", "http://0.0.0.0/x")) {
            assertThat(LOCAL.refusal(url)).as(url).isNotNull();
        }
    }

    @Test
    void guardedClientsRefuseToConnectToAnAddressTheGuardRefuses() {
        RestClient client = client(GUARD);
        assertThatThrownBy(() -> client.get().uri(url("/hook")).retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class)
                .hasRootCauseInstanceOf(TargetRefusedException.class);
        assertThat(received).as("no connection was made").isEmpty();

        assertThat(client(LOCAL).get().uri(url("/hook")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(received).containsExactly("/hook");
    }

    @Test
    void guardedClientsConnectToTheAddressTheGuardCheckedWithoutLookingTheNameUpAgain() {
        // a name only the guard knows: if the client resolved it itself (a second lookup), the call would fail
        TargetGuard pinning = new TargetGuard(new OutboundProperties(true)) {
            @Override
            public List<InetAddress> resolve(String host) throws UnknownHostException {
                return host.equals("checked.pulse.test") ? List.of(InetAddress.getLoopbackAddress()) : super.resolve(host);
            }
        };
        URI pinned = URI.create("http://checked.pulse.test:" + server.getAddress().getPort() + "/pinned");
        assertThat(client(pinning).get().uri(pinned).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
        assertThat(received).containsExactly("/pinned");
    }

    @Test
    void guardedClientsNeverFollowARedirect() {
        var answer = client(LOCAL).get().uri(url("/redirect")).exchange((request, response) -> response.getStatusCode().value());
        assertThat(answer).isEqualTo(302);
        assertThat(received).containsExactly("/redirect");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static RestClient client(TargetGuard guard) {
        return RestClient.builder().requestFactory(GuardedHttpClients.requestFactory(guard, Duration.ofSeconds(2),
                Duration.ofSeconds(5))).build();
    }
}
