package org.gatehouse.authenticator.onetimecode;

import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.userstore.UserRef;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The channel-specific part of a one-time-code authenticator, implemented by the plugin: where a
 * user's codes go and what the message says. Everything else (codes, hashing, expiry, attempts,
 * resends, prompts) is {@link OneTimeCodeAuthenticator}'s.
 *
 * <p>Implementations must be thread-safe (one instance serves every login) and must not log the
 * code or the message.
 */
@ConsumerType
public interface CodeDelivery {

    /** @return the notification channel type the codes are sent through, e.g. {@link ChannelType#EMAIL} */
    ChannelType channel();

    /**
     * Finds where the user's codes go (an email address, a phone number, ...), as the channel
     * expects it. A user without one is not offered this step.
     *
     * @return the destination, if the user has one that may receive codes
     * @throws org.gatehouse.api.userstore.UserStoreException when the user's store cannot answer;
     *         the step then fails closed and asks the user to try later
     */
    Optional<String> recipientOf(OrganizationRef organization, UserRef user);

    /**
     * @param recipient a destination {@link #recipientOf} returned
     * @return the destination as the prompt may show it (prompt data {@code destination}): enough
     *         for its owner to recognise it, little for anyone looking over a shoulder
     */
    String mask(String recipient);

    /** @return the message carrying the code, in {@link CodeToSend#locale()} */
    CodeMessage render(CodeToSend code);

    /**
     * @return the message key shown when the user has no destination at all, e.g.
     *         {@code email-otp.error.no_address}; the text is in the plugin's messages
     */
    String noRecipientMessageKey();
}
