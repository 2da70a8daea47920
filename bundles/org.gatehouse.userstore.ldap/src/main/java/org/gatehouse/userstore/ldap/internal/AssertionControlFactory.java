package org.gatehouse.userstore.ldap.internal;

import org.apache.directory.api.asn1.util.Asn1Buffer;
import org.apache.directory.api.ldap.codec.api.AbstractControlFactory;
import org.apache.directory.api.ldap.codec.api.LdapApiService;
import org.apache.directory.api.ldap.model.message.Control;
import org.apache.directory.api.ldap.model.message.controls.OpaqueControl;

/**
 * Encodes the assertion control (RFC 4528), which the LDAP library has no codec for: its value is
 * a filter the store has already encoded ({@link Ber#equalityFilter}) and carries as an {@link
 * OpaqueControl}. The library refuses to send a control whose OID no factory is registered for.
 */
final class AssertionControlFactory extends AbstractControlFactory<OpaqueControl> {

    AssertionControlFactory(LdapApiService codec) {
        super(codec, DirectoryWriter.ASSERTION_OID);
    }

    /** Registers the factory with the codec the store's connections use (idempotent: the latest registration wins). */
    static void register(LdapApiService codec) {
        codec.registerRequestControl(new AssertionControlFactory(codec));
    }

    @Override
    public Control newControl() {
        return new OpaqueControl(DirectoryWriter.ASSERTION_OID);
    }

    @Override
    public void encodeValue(Asn1Buffer buffer, Control control) {
        if (control instanceof OpaqueControl opaque && opaque.getEncodedValue() != null) {
            buffer.put(opaque.getEncodedValue());
        }
    }
}
