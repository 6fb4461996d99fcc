package io.tollgrid.gateway.console;

import io.tollgrid.gateway.http.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's static files: a fixed list, read from the classpath ({@value #ROOT}) once at start and held in
 * memory. A request names one of them or gets 404; no path is ever resolved against a file system or the
 * class path, so no {@code ..}, encoded or not, can reach anything else. Each answer has its content type, an
 * ETag (a conditional GET answers 304), {@code Cache-Control: no-cache} (the names carry no version, so a
 * browser revalidates and picks up a new release at once) and headers that keep the pages to their own origin.
 */
public final class ConsoleAssets {
    static final String ROOT = "io/tollgrid/gateway/console/";
    /** Every file the console serves; {@code index.html} answers {@code /console/} too. */
    static final List<String> FILES = List.of("index.html", "console.css", "console.js", "login.js", "charts.js",
            "noc.js", "shop.js");
    static final String SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private record Asset(Buffer bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file of {@link #FILES}; a missing one is a build fault and stops the gateway at start. */
    public static ConsoleAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException(ROOT + name + " is missing from the classpath");
                }
                byte[] bytes = in.readAllBytes();
                assets.put(name, new Asset(Buffer.buffer(bytes), contentType(name), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ConsoleAssets(Map.copyOf(assets));
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for " + name);
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET and HEAD of {@code /console/} and {@code /console/<file>}; {@code /console} redirects to the former. */
    void serve(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/console/")) {
            ctx.response().setStatusCode(301).putHeader("location", "/console/").end();
            return;
        }
        String name = path.equals("/console/") ? "index.html" : path.substring("/console/".length());
        Asset asset = name.indexOf('/') >= 0 ? null : assets.get(name);
        if (asset == null) {
            throw new ApiException(404, "NOT_FOUND", "no such console file");
        }
        var response = ctx.response()
                .putHeader("content-type", asset.contentType())
                .putHeader("etag", asset.etag())
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY")
                .putHeader("content-security-policy", SECURITY_POLICY);
        String conditional = ctx.request().getHeader("if-none-match");
        if (conditional != null && conditional.contains(asset.etag())) {
            response.setStatusCode(304).end();
        } else if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("content-length", Integer.toString(asset.bytes().length())).end();
        } else {
            response.end(asset.bytes());
        }
    }
}
