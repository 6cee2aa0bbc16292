package io.bpmon.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where notifications go and how alerts are grouped into them (used by the alerting module). Absent values switch
 * a channel off.
 *
 * @param smtpUser       login for SMTP; with {@code smtpPassword}, from the environment only
 * @param groupBy        attributes that split a rule's alerts into groups besides the rule, e.g. {@code country}
 * @param groupWait      wait before a new group's first message, so that a burst arrives as one message
 * @param groupInterval  how often a group is looked at again: updates, and the resolved notice
 * @param repeatInterval how long an unchanged, unacknowledged group waits before it is announced again
 * @param routes         which channels get what; first match wins, no match = every configured channel
 * @param inProcess      whether the web server runs the alerting service in its own process
 */
public record AlertingConfig(
        Optional<String> slackWebhookUrl,
        Optional<String> smtpHost,
        int smtpPort,
        Optional<String> emailFrom,
        List<String> emailTo,
        Optional<String> smtpUser,
        Optional<String> smtpPassword,
        List<String> groupBy,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        List<AlertRoute> routes,
        boolean inProcess) {

    public static final int DEFAULT_SMTP_PORT = 25;
    public static final List<String> DEFAULT_GROUP_BY = List.of("country");
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    /** Names of the channels, as used in routes and by {@code /api/channels/{name}}. */
    public static final String SLACK = "slack";
    public static final String EMAIL = "email";

    public AlertingConfig {
        Checks.range(ConfigLoader.SMTP_PORT, smtpPort, 1, 65535);
        emailTo = List.copyOf(emailTo);
        smtpUser = smtpUser == null ? Optional.empty() : smtpUser;
        smtpPassword = smtpPassword == null ? Optional.empty() : smtpPassword;
        groupBy = List.copyOf(groupBy);
        Checks.notNegative(ConfigLoader.ALERT_GROUP_WAIT, groupWait);
        Checks.positive(ConfigLoader.ALERT_GROUP_INTERVAL, groupInterval);
        Checks.positive(ConfigLoader.ALERT_REPEAT_INTERVAL, repeatInterval);
        routes = List.copyOf(routes);
        if (smtpHost.isPresent() && !emailTo.isEmpty() && emailFrom.isEmpty()) {
            throw new ConfigException(ConfigLoader.ALERT_EMAIL_FROM, "must be set when email alerts are configured");
        }
    }

    /** Channels only, with the default grouping, no routes, run in the web server's process. */
    public AlertingConfig(Optional<String> slackWebhookUrl, Optional<String> smtpHost, int smtpPort,
            Optional<String> emailFrom, List<String> emailTo) {
        this(slackWebhookUrl, smtpHost, smtpPort, emailFrom, emailTo, Optional.empty(), Optional.empty(),
                DEFAULT_GROUP_BY, DEFAULT_GROUP_WAIT, DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL, List.of(), true);
    }

    /** Slack is on when its webhook URL is set. */
    public boolean slackEnabled() {
        return slackWebhookUrl.isPresent();
    }

    /** Email is on when an SMTP host and at least one recipient are set. */
    public boolean emailEnabled() {
        return smtpHost.isPresent() && !emailTo.isEmpty();
    }

    /** The names of the configured channels. */
    public List<String> channels() {
        return java.util.stream.Stream.of(slackEnabled() ? SLACK : null, emailEnabled() ? EMAIL : null)
                .filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public String toString() {
        // the webhook URL and the SMTP password are secrets
        return "AlertingConfig[slack=" + (slackWebhookUrl.isPresent() ? "<set>" : "<none>") + ", smtpHost="
                + smtpHost.orElse("<none>") + ", smtpPort=" + smtpPort + ", emailTo=" + emailTo + ", smtpUser="
                + smtpUser.orElse("<none>") + ", smtpPassword=" + (smtpPassword.isPresent() ? "<set>" : "<none>")
                + ", groupBy=" + groupBy + ", groupWait=" + groupWait + ", groupInterval=" + groupInterval
                + ", repeatInterval=" + repeatInterval + ", routes=" + routes + ", inProcess=" + inProcess + "]";
    }
}
