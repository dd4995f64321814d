package dev.verdict.newsletter;

import dev.verdict.mail.MailSender;

/**
 * The newsletter's mail sender, as a bean of its own type: where the signups module is on the same classpath (the
 * local stack runs every function in one JVM) a second bean of type MailSender would make both ambiguous.
 */
public record IssueMail(MailSender sender) {
}
