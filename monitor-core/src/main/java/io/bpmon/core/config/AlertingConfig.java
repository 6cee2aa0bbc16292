package io.bpmon.core.config;

import java.util.List;
import java.util.Optional;

/** Where notifications go (used by the alerting module). Absent values switch a channel off. */
public record AlertingConfig(
        Optional<String> slackWebhookUrl,
        Optional<String> smtpHost,
        int smtpPort,
        Optional<String> emailFrom,
        List<String> emailTo) {

    public static final int DEFAULT_SMTP_PORT = 25;

    public AlertingConfig {
        Checks.range(ConfigLoader.SMTP_PORT, smtpPort, 1, 65535);
        emailTo = List.copyOf(emailTo);
    }

    @Override
    public String toString() {
        // the webhook URL is a secret
        return "AlertingConfig[slack=" + (slackWebhookUrl.isPresent() ? "<set>" : "<none>") + ", smtpHost="
                + smtpHost.orElse("<none>") + ", smtpPort=" + smtpPort + ", emailTo=" + emailTo + "]";
    }
}
