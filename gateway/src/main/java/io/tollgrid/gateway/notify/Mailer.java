package io.tollgrid.gateway.notify;

import jakarta.activation.DataHandler;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends one email over SMTP with Jakarta Mail (Eclipse Angus Mail): plain text, an HTML rendering beside it when the
 * template has one, and a PDF attached when given. Each
 * message carries the delivery's idempotency key in its {@code X-Tollgrid-Delivery} header, so a receiver (or a
 * person) can spot the rare repeat an at-least-once delivery allows.
 */
final class Mailer {
    private final NotifySettings.Smtp smtp;
    private final Session session;

    Mailer(NotifySettings.Smtp smtp) {
        this.smtp = smtp;
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.connectiontimeout", String.valueOf(smtp.timeout().toMillis()));
        props.put("mail.smtp.timeout", String.valueOf(smtp.timeout().toMillis()));
        props.put("mail.smtp.writetimeout", String.valueOf(smtp.timeout().toMillis()));
        props.put("mail.smtp.starttls.enable", String.valueOf(!smtp.startTls().equals("NONE")));
        props.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls().equals("REQUIRED")));
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.auth", String.valueOf(smtp.username() != null));
        Authenticator authenticator = smtp.username() == null ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(smtp.username(), smtp.password());
            }
        };
        this.session = Session.getInstance(props, authenticator);
    }

    /**
     * Sends it, or throws with the server's reason. Blocks: called on the notifier's own threads only.
     *
     * @param html an HTML body sent beside the text (multipart/alternative), or null for plain text only
     */
    void send(List<String> to, String deliveryKey, String subject, String text, String html, String attachmentName,
              byte[] pdf) throws MessagingException {
        if (!smtp.configured()) {
            throw new MessagingException("no SMTP server is configured (notify.smtp.host)");
        }
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from()));
        for (String address : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
        }
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("X-Tollgrid-Delivery", deliveryKey);
        if (pdf == null && html == null) {
            message.setText(text, StandardCharsets.UTF_8.name());
        } else if (pdf == null) {
            message.setContent(alternative(text, html));
        } else {
            MimeBodyPart body = new MimeBodyPart();
            if (html == null) {
                body.setText(text, StandardCharsets.UTF_8.name());
            } else {
                body.setContent(alternative(text, html));
            }
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
            attachment.setFileName(attachmentName);
            MimeMultipart parts = new MimeMultipart();
            parts.addBodyPart(body);
            parts.addBodyPart(attachment);
            message.setContent(parts);
        }
        Transport.send(message);
    }

    /** The text and the HTML as two renderings of one body, plain first (the last is the preferred one). */
    private static MimeMultipart alternative(String text, String html) throws MessagingException {
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        return alternative;
    }
}
