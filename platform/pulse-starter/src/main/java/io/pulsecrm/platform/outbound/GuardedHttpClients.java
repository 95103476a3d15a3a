package io.pulsecrm.platform.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * HTTP clients for URLs users supply. Host names are resolved by the {@link TargetGuard} only, and the connection
 * goes to one of the addresses it checked (Apache HttpClient connects to what its {@link DnsResolver} returns);
 * IP literals go through the same check. No redirects, no proxies from system properties, no cookies, no retries.
 * Needs {@code org.apache.httpcomponents.client5:httpclient5} on the class path.
 */
public final class GuardedHttpClients {

    private GuardedHttpClients() {
    }

    /**
     * @param connectTimeout time to establish the connection
     * @param readTimeout    longest silence while waiting for the answer (per read)
     */
    public static ClientHttpRequestFactory requestFactory(TargetGuard guard, Duration connectTimeout,
                                                          Duration readTimeout) {
        return new HttpComponentsClientHttpRequestFactory(client(guard, connectTimeout, readTimeout));
    }

    public static CloseableHttpClient client(TargetGuard guard, Duration connectTimeout, Duration readTimeout) {
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.resolve(host).toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(20)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }
}
