package dev.verdict.newsletter;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Off AWS only: the one certificate the local stack's SNS stand-in signs with (SNS_LOCAL_CERTIFICATE, its PEM). The
 * check itself is the same as on AWS, URL rule included; only where the certificate comes from differs, since nobody
 * off AWS holds SNS's key and nothing is fetched.
 */
public final class LocalCertificate implements SigningCertificates {

    private final String region;
    private final PublicKey key;

    public LocalCertificate(String region, String pem) {
        this.region = region;
        try {
            this.key = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getPublicKey();
        } catch (CertificateException e) {
            throw new IllegalStateException("SNS_LOCAL_CERTIFICATE is not a PEM certificate", e);
        }
    }

    @Override
    public PublicKey keyAt(URI url) throws Untrusted {
        SigningCertificates.requireSnsHost(url, region);
        return key;
    }
}
