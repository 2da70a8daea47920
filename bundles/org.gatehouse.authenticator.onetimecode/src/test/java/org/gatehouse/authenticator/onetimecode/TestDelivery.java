package org.gatehouse.authenticator.onetimecode;

import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;

/** What a plugin author writes: here, codes to the profile's email address, as a one-line text. */
final class TestDelivery implements CodeDelivery {

    static final String NO_RECIPIENT = "test-otp.error.no_recipient";

    private final UserDirectory directory;

    TestDelivery(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public ChannelType channel() {
        return ChannelType.EMAIL;
    }

    @Override
    public Optional<String> recipientOf(OrganizationRef organization, UserRef user) {
        return directory.store(user.domain())
                .orElseThrow(() -> new StoreUnavailableException("no store " + user.domain(), null))
                .findUserById(organization, user.id())
                .map(u -> u.profile().email());
    }

    @Override
    public String mask(String recipient) {
        return recipient.charAt(0) + "***";
    }

    @Override
    public CodeMessage render(CodeToSend code) {
        return new CodeMessage("Code for " + code.applicationName(), code.code() + " is your code (" + code.lifetimeMinutes() + " min, "
                + code.locale().getLanguage() + ")", Optional.of("<b>" + code.code() + "</b>"));
    }

    @Override
    public String noRecipientMessageKey() {
        return NO_RECIPIENT;
    }
}
