package io.bpmon.alerting.channels;

import io.bpmon.alerting.delivery.DeliveryResult;
import io.bpmon.alerting.delivery.Notifier;
import io.bpmon.alerting.grouping.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts to a Slack incoming webhook. 2xx = delivered; 429 = retry after the {@code Retry-After} Slack names;
 * other 4xx (a revoked or wrong webhook, a refused payload) = permanent; 5xx and network errors = retry.
 */
public final class SlackNotifier implements Notifier {

    private final URI webhook;
    private final MessageRenderer renderer;
    private final HttpClient http;

    public SlackNotifier(URI webhook, MessageRenderer renderer) {
        this.webhook = webhook;
        this.renderer = renderer;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public DeliveryResult send(Notification notification) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(renderer.slack(notification), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new DeliveryResult.Retry("Slack unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Retry("interrupted", null);
        }
        int status = response.statusCode();
        String body = abbreviate(response.body());
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered();
        }
        if (status == 429) {
            return new DeliveryResult.Retry("Slack rate limit (429)", retryAfter(response));
        }
        if (status >= 400 && status < 500) {
            return new DeliveryResult.Permanent("Slack answered " + status + ": " + body);
        }
        return new DeliveryResult.Retry("Slack answered " + status + ": " + body, null);
    }

    @Override
    public String target() {
        // the path of a webhook URL is its secret
        return "Slack webhook at " + webhook.getScheme() + "://" + webhook.getAuthority();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
