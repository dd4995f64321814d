package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.config.Settings;
import dev.verdict.localkit.SnsEvents;
import dev.verdict.localkit.TestClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which certificates a signature may be checked with: SNS's host only, fetched once, while valid. No network here. */
class SnsCertificatesTest {

    final TestClock clock = new TestClock(Instant.parse("2026-11-30T08:00:00Z"));
    final List<URI> fetched = new ArrayList<>();
    final SnsCertificates certificates = new SnsCertificates("us-east-1", url -> {
        fetched.add(url);
        return SnsEvents.LOCAL_CERTIFICATE.getBytes(StandardCharsets.US_ASCII);
    }, clock);

    @Test
    void aCertificateOnSnsHostIsFetchedOnceAndKept() throws Exception {
        URI url = URI.create("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem");

        var first = certificates.keyAt(url);
        var second = certificates.keyAt(url);

        // The key is the certificate's own: what SNS's notifications are checked against.
        var certificate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(SnsEvents.LOCAL_CERTIFICATE.getBytes(StandardCharsets.US_ASCII)));
        assertThat(first).isEqualTo(certificate.getPublicKey());
        assertThat(second).isEqualTo(first);
        assertThat(fetched).containsExactly(url);
    }

    @Test
    void anyOtherAddressIsRefusedWithoutBeingFetched() {
        for (String url : List.of("http://sns.us-east-1.amazonaws.com/cert.pem", "https://sns.eu-west-1.amazonaws.com/cert.pem",
                "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem", "https://evil.example/sns.us-east-1.amazonaws.com/cert.pem",
                "https://sns.us-east-1.amazonaws.com:8443/cert.pem", "https://someone@sns.us-east-1.amazonaws.com/cert.pem",
                "https://sns.us-east-1.amazonaws.com/cert.pem?x=1", "https://sns.us-east-1.amazonaws.com/cert.txt")) {
            assertThatThrownBy(() -> certificates.keyAt(URI.create(url))).as(url).isInstanceOf(SigningCertificates.Untrusted.class);
        }
        assertThat(fetched).isEmpty();
    }

    @Test
    void aCertificateNoLongerValidIsRefused() {
        clock.advance(java.time.Duration.between(clock.instant(), Instant.parse("2127-01-01T00:00:00Z")));

        assertThatThrownBy(() -> certificates.keyAt(URI.create("https://sns.us-east-1.amazonaws.com/old.pem")))
                .isInstanceOf(SigningCertificates.Untrusted.class);
    }

    @Test
    void somethingThatIsNotACertificateIsRefused() {
        var garbage = new SnsCertificates("us-east-1", url -> "not a certificate".getBytes(StandardCharsets.US_ASCII), clock);

        assertThatThrownBy(() -> garbage.keyAt(URI.create("https://sns.us-east-1.amazonaws.com/x.pem")))
                .isInstanceOf(SigningCertificates.Untrusted.class);
    }

    @Test
    void theLocalCertificateIsOnlyTrustedWhereDynamoDbIsOnThisMachine() {
        FeedbackFactory factory = new FeedbackFactory();
        Settings deployed = new Settings(Map.of(FeedbackFactory.SNS_LOCAL_CERTIFICATE, SnsEvents.LOCAL_CERTIFICATE)::get);
        Settings local = new Settings(Map.of(FeedbackFactory.SNS_LOCAL_CERTIFICATE, SnsEvents.LOCAL_CERTIFICATE,
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000")::get);
        Settings remote = new Settings(Map.of(FeedbackFactory.SNS_LOCAL_CERTIFICATE, SnsEvents.LOCAL_CERTIFICATE,
                "DYNAMODB_ENDPOINT", "https://dynamodb.us-east-1.amazonaws.com")::get);

        assertThatThrownBy(() -> factory.signingCertificates(deployed, dev.verdict.core.config.AwsSettings.from(deployed), clock))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> factory.signingCertificates(remote, dev.verdict.core.config.AwsSettings.from(remote), clock))
                .isInstanceOf(IllegalStateException.class);
        assertThat(factory.signingCertificates(local, dev.verdict.core.config.AwsSettings.from(local), clock))
                .isInstanceOf(LocalCertificate.class);
        Settings aws = new Settings(Map.<String, String>of()::get);
        assertThat(factory.signingCertificates(aws, dev.verdict.core.config.AwsSettings.from(aws), clock))
                .isInstanceOf(SnsCertificates.class);
    }

    @Test
    void thisMachineIsALoopbackOrAnyLocalAddressAndNothingElse() {
        assertThat(FeedbackFactory.onThisMachine(URI.create("http://127.0.0.1:8000"))).isTrue();
        assertThat(FeedbackFactory.onThisMachine(URI.create("http://[::1]:8000"))).isTrue();
        assertThat(FeedbackFactory.onThisMachine(URI.create("http://0.0.0.0:8000"))).isTrue();
        assertThat(FeedbackFactory.onThisMachine(URI.create("http://192.0.2.10:8000"))).isFalse();
        assertThat(FeedbackFactory.onThisMachine(URI.create("http://10.0.0.1"))).isFalse();
    }

    @Test
    void theLocalCertificateIsStillOnlyTrustedForAnSnsAddress() throws Exception {
        Settings local = new Settings(Map.of(FeedbackFactory.SNS_LOCAL_CERTIFICATE, SnsEvents.LOCAL_CERTIFICATE,
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000")::get);
        SigningCertificates certificates = new FeedbackFactory().signingCertificates(local,
                dev.verdict.core.config.AwsSettings.from(local), clock);

        assertThat(certificates.keyAt(URI.create("https://sns.us-east-1.amazonaws.com/local.pem"))).isNotNull();
        assertThatThrownBy(() -> certificates.keyAt(URI.create("https://attacker.example/local.pem")))
                .isInstanceOf(SigningCertificates.Untrusted.class);
    }
}
