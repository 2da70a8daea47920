package org.gatehouse.notification.email.internal;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Parses the one kind of address the channel accepts: a bare {@code local@domain}. */
final class Addresses {

    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
    static final int MAX_LENGTH = 254;

    private Addresses() {}

    /**
     * @throws AddressException unless the value is exactly one address without a display name,
     *     comment, group or route, in printable ASCII (addresses that need SMTPUTF8 are not
     *     supported), with no character that could break a header
     */
    static InternetAddress bareAddress(String value) throws AddressException {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new AddressException("An address is 1-" + MAX_LENGTH + " characters");
        }
        if (!HeaderText.isPrintableAscii(value)) {
            throw new AddressException("An address must be printable ASCII without spaces or line breaks");
        }
        InternetAddress address = new InternetAddress(value, true);
        address.validate();
        if (address.isGroup() || address.getPersonal() != null || !value.equals(address.getAddress())
                || value.indexOf('@') < 1 || value.indexOf('@') != value.lastIndexOf('@')) {
            throw new AddressException("Not a bare address", value);
        }
        return address;
    }
}
