package io.bpmon.e2e;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like HTTP client for the UI: keeps cookies, does not follow redirects, posts forms. */
final class UiHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    final String base;
    final HttpClient client;

    UiHttp(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) {
        return send(client, HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET()
                .build());
    }

    HttpResponse<String> postForm(String path, String... keyValues) {
        return postFormFrom(path, null, keyValues);
    }

    HttpResponse<String> postFormFrom(String path, String origin, String... keyValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(keyValues[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(keyValues[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString()));
        if (origin != null) {
            r.header("Origin", origin);
        }
        return send(client, r.build());
    }


    private static HttpResponse<String> send(HttpClient c, HttpRequest r) {
        try {
            return c.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Logs in with the token; afterwards this client carries the session cookie. */
    void login(String token) throws Exception {
        HttpResponse<String> r = postForm("/login", "token", token);
        if (r.statusCode() != 303) {
            throw new AssertionError("login failed: " + r.statusCode());
        }
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token in page");
        }
        return m.group(1);
    }
}
