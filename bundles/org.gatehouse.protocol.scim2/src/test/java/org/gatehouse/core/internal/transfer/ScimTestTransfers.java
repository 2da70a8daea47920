package org.gatehouse.core.internal.transfer;

import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.core.transfer.TransferFormat;
import org.gatehouse.core.transfer.UserTransfers;

/** The core's real transfer service with one more format bound, as DS binds it (the bind method is package-private). */
public final class ScimTestTransfers {
    private ScimTestTransfers() {}

    public static UserTransfers with(UserDirectory directory, TransferFormat format) {
        UserTransferService service = new UserTransferService(directory);
        service.bindFormat(format);
        return service;
    }
}
