package io.bpmon.alerting.channels;

import io.bpmon.alerting.delivery.DeliveryResult;
import io.bpmon.alerting.delivery.Notifier;
import io.bpmon.alerting.grouping.Notification;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends an HTML email with a plain-text alternative over SMTP (Angus Mail). A refused login or an SMTP 5xx answer
 * is permanent; an unreachable server or a 4xx answer is retried.
 */
public final class EmailNotifier implements Notifier {

    private final String host;
    private final int port;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Session session;
    private final MessageRenderer renderer;

    public EmailNotifier(String host, int port, String from, List<String> to, Optional<String> user,
            Optional<String> password, MessageRenderer renderer) {
        this.host = host;
        this.port = port;
        this.renderer = renderer;
        try {
            this.from = new InternetAddress(from, true);
            this.to = InternetAddress.parse(String.join(",", to), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("invalid email address: " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "20000");
        props.put("mail.smtp.writetimeout", "20000");
        // use TLS when the server offers it
        props.put("mail.smtp.starttls.enable", "true");
        Authenticator auth = null;
        if (user.isPresent()) {
            props.put("mail.smtp.auth", "true");
            String u = user.get();
            String p = password.orElse("");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(u, p);
                }
            };
        }
        this.session = Session.getInstance(props, auth);
    }

    @Override
    public DeliveryResult send(Notification notification) {
        MessageRenderer.Email email = renderer.email(notification);
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.text(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(email.html(), "text/html; charset=utf-8");
            // plain text first: clients show the last alternative they understand
            MimeMultipart alternative = new MimeMultipart("alternative", text, html);
            message.setContent(alternative);
            // the id holds attribute values: printable ASCII only, so it can neither break nor add a header
            message.setHeader("X-Bpmon-Notification", notification.id().replaceAll("[^\\x20-\\x7e]", "?"));
            Transport.send(message);
            return DeliveryResult.delivered();
        } catch (AuthenticationFailedException e) {
            return new DeliveryResult.Permanent("SMTP login refused: " + e.getMessage());
        } catch (SMTPAddressFailedException e) {
            return classify(e.getReturnCode(), "SMTP refused a recipient: " + e.getMessage());
        } catch (SMTPSendFailedException e) {
            return classify(e.getReturnCode(), "SMTP refused the message: " + e.getMessage());
        } catch (SendFailedException e) {
            Exception next = e.getNextException();
            if (next instanceof SMTPAddressFailedException a) {
                return classify(a.getReturnCode(), "SMTP refused a recipient: " + a.getMessage());
            }
            return new DeliveryResult.Retry("SMTP send failed: " + e.getMessage(), null);
        } catch (MessagingException e) {
            return new DeliveryResult.Retry("SMTP server " + host + ":" + port + " failed: " + e.getMessage(), null);
        }
    }

    @Override
    public String target() {
        return "SMTP " + host + ":" + port + " to " + String.join(", ", List.of(to).stream().map(
                InternetAddress::getAddress).toList());
    }

    private static DeliveryResult classify(int smtpCode, String message) {
        return smtpCode >= 500 ? new DeliveryResult.Permanent(message) : new DeliveryResult.Retry(message, null);
    }
}
