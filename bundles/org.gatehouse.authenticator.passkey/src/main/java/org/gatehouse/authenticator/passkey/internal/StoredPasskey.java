package org.gatehouse.authenticator.passkey.internal;

import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatehouse.api.credential.Credential;

/**
 * How a passkey is kept in {@link Credential#data()} (all values strings):
 *
 * <pre>
 * attestedCredentialData  base64url: AAGUID, credential id and COSE public key, as the authenticator sent them
 * signCount               the last signature counter seen (decimal; 0 for authenticators that do not count)
 * aaguid                  the authenticator model (UUID; all zeros when attestation was "none")
 * transports              comma separated hints (internal, hybrid, usb, nfc, ble), may be empty
 * userHandle              base64url: the WebAuthn user.id given at registration (the same for all of a user's passkeys)
 * uv                      whether the user was verified at registration, later: at the last use
 * backupEligible          BE flag at registration (a synced passkey)
 * backedUp                BS flag at the last use
 * rpId                    the relying party id it was registered for
 * attestationFormat       none, packed, tpm, ...
 * </pre>
 *
 * The credential's {@link Credential#key()} is the base64url credential id.
 */
final class StoredPasskey {

    static final String ATTESTED_CREDENTIAL_DATA = "attestedCredentialData";
    static final String SIGN_COUNT = "signCount";
    static final String AAGUID = "aaguid";
    static final String TRANSPORTS = "transports";
    static final String USER_HANDLE = "userHandle";
    static final String UV = "uv";
    static final String BACKUP_ELIGIBLE = "backupEligible";
    static final String BACKED_UP = "backedUp";
    static final String RP_ID = "rpId";
    static final String ATTESTATION_FORMAT = "attestationFormat";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private StoredPasskey() {}

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** @throws IllegalArgumentException when the value is not base64url */
    static byte[] decode(String value) {
        return DECODER.decode(value.strip().replace("=", ""));
    }

    /** @return the transports as WebAuthn names them, for allowCredentials / excludeCredentials */
    static Set<String> transports(Credential credential) {
        String value = credential.data().getOrDefault(TRANSPORTS, "");
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static Optional<String> userHandle(Credential credential) {
        return Optional.ofNullable(credential.data().get(USER_HANDLE)).filter(s -> !s.isBlank());
    }

    static long signCount(Credential credential) {
        try {
            return Long.parseLong(credential.data().getOrDefault(SIGN_COUNT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Optional<Boolean> flag(Credential credential, String key) {
        String value = credential.data().get(key);
        return value == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(value));
    }

    /** @throws IllegalArgumentException when the stored data is not a passkey's */
    static CredentialRecord record(Credential credential, AttestedCredentialDataConverter converter) {
        String encoded = credential.data().get(ATTESTED_CREDENTIAL_DATA);
        if (encoded == null) {
            throw new IllegalArgumentException("no attested credential data");
        }
        AttestedCredentialData attested = converter.convert(decode(encoded));
        Set<AuthenticatorTransport> transports = transports(credential).stream().map(AuthenticatorTransport::create).collect(Collectors.toSet());
        return new CredentialRecordImpl(null, flag(credential, UV).orElse(null), flag(credential, BACKUP_ELIGIBLE).orElse(null),
                flag(credential, BACKED_UP).orElse(null), signCount(credential), attested, null, null, null, transports);
    }

    /** The data after a successful use: the new counter and flags, everything else kept. */
    static Map<String, String> afterUse(Credential credential, long signCount, boolean userVerified, boolean backedUp) {
        Map<String, String> data = new LinkedHashMap<>(credential.data());
        data.put(SIGN_COUNT, Long.toString(signCount));
        // once verified, a credential stays "uv initialised" (WebAuthn L3 §6.1.3 uvInitialized)
        data.put(UV, Boolean.toString(userVerified || flag(credential, UV).orElse(false)));
        data.put(BACKED_UP, Boolean.toString(backedUp));
        return data;
    }
}
