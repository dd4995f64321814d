package dev.verdict.mail;

import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Sends through Amazon SES v2 as a raw message, so the List-Unsubscribe headers and both parts go out exactly as
 * built. The sender must be a verified identity the function's policy names; a configuration set, if given,
 * publishes bounces and complaints.
 */
public final class SesMailSender implements MailSender {

    private final SesV2Client ses;
    private final String from;
    private final Optional<String> configurationSet;

    public SesMailSender(SesV2Client ses, String from, Optional<String> configurationSet) {
        this.ses = ses;
        this.from = from;
        this.configurationSet = configurationSet;
    }

    /** The account's maximum send rate in messages per second (GetAccount), which a bulk sender must stay under. */
    public static double maxSendRate(SesV2Client ses) {
        return ses.getAccount(b -> { }).sendQuota().maxSendRate();
    }

    @Override
    public void send(Message message) {
        try {
            ses.sendEmail(b -> b
                    .fromEmailAddress(from)
                    .destination(d -> d.toAddresses(message.to()))
                    .content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(message.mime()))))
                    .configurationSetName(configurationSet.orElse(null)));
        } catch (MessageRejectedException | BadRequestException | SendingPausedException | AccountSuspendedException
                 | MailFromDomainNotVerifiedException | NotFoundException refused) {
            // Permanent until someone acts (a rejected message never goes; a paused or suspended account, an unverified
            // sender or a missing configuration set need a person). Throttling (TooManyRequests) and the daily quota
            // (LimitExceeded) pass, so are left to the stream's retries. SES's own message can quote the recipient, so
            // only the kind of refusal is passed on.
            throw new Rejected(refused.getClass().getSimpleName());
        } catch (TooManyRequestsException slowDown) {
            // Over the account's send rate: a bulk sender backs off and tries the same message again.
            throw new Throttled();
        }
    }
}
