package dev.verdict.newsletter;

import java.net.URI;
import java.security.PublicKey;

/**
 * Where the public key that checks an SNS message's signature comes from: SNS's own certificate, fetched over HTTPS
 * from SNS's host on AWS ({@link SnsCertificates}); off AWS a local stand-in. Tests put in their own.
 */
public interface SigningCertificates {

    /** The message names a certificate we will not trust (wrong host or scheme, unreadable, expired). */
    final class Untrusted extends Exception {
        public Untrusted(String why) {
            super(why, null, false, false);
        }
    }

    /** The key of the certificate at {@code url}, which the caller has not checked. */
    PublicKey keyAt(URI url) throws Untrusted;

    /**
     * Only SNS's own host in the topic's region, over HTTPS, and a .pem: a message can name any URL, and a key fetched
     * from an address the sender chose would verify whatever that sender signed.
     */
    static void requireSnsHost(URI url, String region) throws Untrusted {
        if (url == null || !"https".equals(url.getScheme()) || url.getPort() != -1 || url.getRawUserInfo() != null
                || !("sns." + region + ".amazonaws.com").equals(url.getHost())
                || url.getRawPath() == null || !url.getRawPath().endsWith(".pem") || url.getRawQuery() != null) {
            throw new Untrusted("the signing certificate is not on SNS's host");
        }
    }
}
