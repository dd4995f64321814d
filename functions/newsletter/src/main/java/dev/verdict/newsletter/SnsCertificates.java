package dev.verdict.newsletter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SNS's signing certificates as AWS serves them: fetched over HTTPS from {@code sns.<region>.amazonaws.com} only (the
 * TLS handshake is what vouches for them), read as X.509, used while valid, and kept per URL: SNS signs with one
 * certificate for months, so a warm function fetches it once.
 */
public final class SnsCertificates implements SigningCertificates {

    /** Fetches a URL's body; an HTTP client on AWS, a map in tests. */
    @FunctionalInterface
    public interface Fetch {
        byte[] get(URI url) throws IOException;
    }

    private static final int MAX_PEM_BYTES = 16 * 1024;

    private final String region;
    private final Fetch fetch;
    private final Clock clock;
    private final Map<URI, X509Certificate> cache = new ConcurrentHashMap<>();

    public SnsCertificates(String region, Fetch fetch, Clock clock) {
        this.region = region;
        this.fetch = fetch;
        this.clock = clock;
    }

    /** The fetch a function uses on AWS: short timeouts, no redirects (a redirect could leave SNS's host). */
    public static Fetch https() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return url -> {
            try {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200 || response.body().length > MAX_PEM_BYTES) {
                    throw new IOException("SNS answered " + response.statusCode() + " for its certificate");
                }
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    @Override
    public PublicKey keyAt(URI url) throws Untrusted {
        SigningCertificates.requireSnsHost(url, region);
        X509Certificate certificate = cache.get(url);
        if (certificate == null) {
            certificate = read(url);
            cache.put(url, certificate);
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException expired) {
            cache.remove(url);
            throw new Untrusted("SNS's certificate is not valid now");
        }
        return certificate.getPublicKey();
    }

    private X509Certificate read(URI url) throws Untrusted {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(fetch.get(url)));
        } catch (IOException | CertificateException | ClassCastException unreadable) {
            throw new Untrusted("SNS's certificate could not be fetched or read");
        }
    }
}
