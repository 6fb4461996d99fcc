package io.tollgrid.gateway.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Sends one webhook: an HTTPS POST of JSON, signed so the receiver can tell it came from us and was not changed.
 *
 * <p>Headers: {@code X-Tollgrid-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>} (the
 * receiver recomputes it over the raw body and refuses a stale {@code t}, which stops replays),
 * {@code X-Tollgrid-Delivery} (the idempotency key: a repeat has the same key) and {@code X-Tollgrid-Event}. Any 2xx
 * answer is delivered; anything else, or no answer within the timeout, is a failed attempt. Redirects are not followed.
 */
final class Webhooks {
    static final String SIGNATURE = "X-Tollgrid-Signature";
    static final String DELIVERY = "X-Tollgrid-Delivery";
    static final String EVENT = "X-Tollgrid-Event";

    private final HttpClient client;
    private final Duration timeout;
    private final boolean privateTargets;

    Webhooks(String trustPem, Duration timeout, boolean privateTargets) {
        this.timeout = timeout;
        this.privateTargets = privateTargets;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (trustPem != null) {
            builder.sslContext(withExtraTrust(Path.of(trustPem)));
        }
        this.client = builder.build();
    }

    /** The signature header's value for this body at this instant. */
    static String signature(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** POSTs it; returns normally on 2xx, else throws with the reason. Blocks: the notifier's own threads only. */
    void send(String url, String secret, String deliveryKey, NotifyEvent event, String body, long epochSeconds)
            throws IOException, InterruptedException {
        URI target = URI.create(url);
        if (!privateTargets) {
            refusePrivate(target.getHost());
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "tollgrid-notifier")
                .header(SIGNATURE, signature(secret, epochSeconds, body))
                .header(DELIVERY, deliveryKey)
                .header(EVENT, event.name())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new IOException("HTTP " + response.statusCode());
        }
    }

    /**
     * Refuses a host any of whose addresses is loopback, unspecified, private (RFC 1918, IPv6 unique local),
     * link-local (which holds cloud metadata services), carrier-grade NAT or multicast. The HTTP client resolves the
     * name again when it connects, so a DNS answer that changes in between (rebinding) is not caught here; an operator
     * who needs that closed puts an egress proxy or firewall in front of the gateway (docs/back-office.md).
     */
    static void refusePrivate(String host) throws IOException {
        if (host == null || host.isEmpty()) {
            throw new IOException("the webhook URL has no host");
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (isPrivate(address)) {
                throw new IOException("the webhook host " + host + " resolves to " + address.getHostAddress()
                        + ", a private address (notify.webhook.private.targets is off)");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        boolean carrierGradeNat = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
        return address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()
                || address.isLinkLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || carrierGradeNat;
    }

    /** The JVM's trusted CAs plus the certificates of a PEM file. */
    private static SSLContext withExtraTrust(Path pem) {
        try {
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            try (InputStream in = Files.newInputStream(pem)) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    extra.setCertificateEntry("extra-" + i++, certificate);
                }
            }
            X509TrustManager own = trustManager(extra);
            X509TrustManager system = trustManager(null);
            X509TrustManager either = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    system.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    try {
                        system.checkServerTrusted(chain, authType);
                    } catch (CertificateException e) {
                        own.checkServerTrusted(chain, authType);
                    }
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    X509Certificate[] a = system.getAcceptedIssuers();
                    X509Certificate[] b = own.getAcceptedIssuers();
                    X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, all, a.length, b.length);
                    return all;
                }
            };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{either}, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new io.tollgrid.settings.SettingsException("notify.webhook.trust.pem",
                    "cannot read CA certificates from " + pem + ": " + e.getMessage());
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
