package org.gatehouse.authenticator.passkey.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.client.AuthenticationExtensionsClientInputs;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnModelAuthenticator;
import com.webauthn4j.test.client.ClientPlatform;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatehouse.api.authn.Prompt;

/**
 * What a login page and the browser do with a passkey prompt, on webauthn4j's emulated client
 * platform and authenticator: the prompt data travels as JSON, the members the class comment of
 * {@link PasskeyAuthenticator} marks base64url become bytes (as {@code parse*OptionsFromJSON}
 * does), {@code navigator.credentials.create/get} runs, and {@code credential.toJSON()} goes back.
 */
final class Browser {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64U = Base64.getUrlDecoder();
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();

    final WebAuthnModelAuthenticator authenticator;
    final ClientPlatform platform;

    Browser(String origin, WebAuthnModelAuthenticator authenticator) {
        this.authenticator = authenticator;
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
    }

    /** The options of a prompt, after the trip through JSON that a page makes; mutable, so tests can tamper. */
    static Map<String, Object> options(Prompt prompt) {
        try {
            String json = JSON.writeValueAsString(prompt.data());
            Map<String, Object> data = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) data.get(PasskeyAuthenticator.CREDENTIAL);
            return options;
        } catch (Exception e) {
            throw new AssertionError("prompt data is not JSON", e);
        }
    }

    /** {@code navigator.credentials.create({publicKey})} and {@code JSON.stringify(credential.toJSON())}. */
    @SuppressWarnings("unchecked")
    String create(Map<String, Object> o) {
        Map<String, Object> rp = (Map<String, Object>) o.get("rp");
        Map<String, Object> user = (Map<String, Object>) o.get("user");
        Map<String, Object> selection = (Map<String, Object>) o.get("authenticatorSelection");
        List<PublicKeyCredentialParameters> params = ((List<Map<String, Object>>) o.get("pubKeyCredParams")).stream()
                .map(p -> new PublicKeyCredentialParameters(PublicKeyCredentialType.create((String) p.get("type")),
                        COSEAlgorithmIdentifier.create(((Number) p.get("alg")).longValue())))
                .toList();
        PublicKeyCredentialCreationOptions options = new PublicKeyCredentialCreationOptions(
                new PublicKeyCredentialRpEntity((String) rp.get("id"), (String) rp.get("name")),
                new PublicKeyCredentialUserEntity(bytes(user.get("id")), (String) user.get("name"), (String) user.get("displayName")),
                new DefaultChallenge(bytes(o.get("challenge"))),
                params,
                ((Number) o.get("timeout")).longValue(),
                descriptors(o.get("excludeCredentials")),
                new AuthenticatorSelectionCriteria(null, (Boolean) selection.get("requireResidentKey"),
                        ResidentKeyRequirement.create((String) selection.get("residentKey")),
                        UserVerificationRequirement.create((String) selection.get("userVerification"))),
                AttestationConveyancePreference.create((String) o.get("attestation")),
                new AuthenticationExtensionsClientInputs<>());
        PublicKeyCredential<AuthenticatorAttestationResponse, ?> credential = platform.create(options);
        AuthenticatorAttestationResponse r = credential.getResponse();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", ENC.encodeToString(r.getClientDataJSON()));
        response.put("attestationObject", ENC.encodeToString(r.getAttestationObject()));
        // members a real browser's toJSON() adds; the server must not trip over them
        response.put("authenticatorData", ENC.encodeToString(r.getAuthenticatorData()));
        response.put("publicKey", ENC.encodeToString(r.getPublicKey()));
        response.put("publicKeyAlgorithm", -7);
        response.put("transports", List.of("internal", "hybrid"));
        return toJson(credential.getRawId(), response);
    }

    /** {@code navigator.credentials.get({publicKey})} and {@code JSON.stringify(credential.toJSON())}. */
    @SuppressWarnings("unchecked")
    String get(Map<String, Object> o) {
        PublicKeyCredentialRequestOptions options = new PublicKeyCredentialRequestOptions(
                new DefaultChallenge(bytes(o.get("challenge"))),
                ((Number) o.get("timeout")).longValue(),
                (String) o.get("rpId"),
                descriptors(o.get("allowCredentials")),
                UserVerificationRequirement.create((String) o.get("userVerification")),
                new AuthenticationExtensionsClientInputs<>());
        PublicKeyCredential<AuthenticatorAssertionResponse, ?> credential = platform.get(options);
        AuthenticatorAssertionResponse r = credential.getResponse();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", ENC.encodeToString(r.getClientDataJSON()));
        response.put("authenticatorData", ENC.encodeToString(r.getAuthenticatorData()));
        response.put("signature", ENC.encodeToString(r.getSignature()));
        if (r.getUserHandle() != null) {
            response.put("userHandle", ENC.encodeToString(r.getUserHandle()));
        }
        return toJson(credential.getRawId(), response);
    }

    /** Changes one member of {@code response} in a {@code toJSON()} string. */
    static String withResponseMember(String json, String member, String value) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            ((ObjectNode) node.get("response")).put(member, value);
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Removes one member of {@code response} from a {@code toJSON()} string. */
    static String withoutResponseMember(String json, String member) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            ((ObjectNode) node.get("response")).remove(member);
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** @return the credential id of a {@code toJSON()} string */
    static String id(String json) {
        try {
            return JSON.readTree(json).get("id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String responseMember(String json, String member) {
        try {
            return JSON.readTree(json).get("response").get(member).asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String flipLastByte(String base64url) {
        byte[] b = B64U.decode(base64url);
        b[b.length - 1] ^= 0x01;
        return ENC.encodeToString(b);
    }

    private static String toJson(byte[] rawId, Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", ENC.encodeToString(rawId));
        credential.put("rawId", ENC.encodeToString(rawId));
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("authenticatorAttachment", "platform");
        credential.put("clientExtensionResults", Map.of());
        try {
            return JSON.writeValueAsString(credential);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<PublicKeyCredentialDescriptor> descriptors(Object list) {
        return ((List<Map<String, Object>>) list).stream().map(d -> {
            Set<AuthenticatorTransport> transports = ((List<String>) d.getOrDefault("transports", List.of())).stream()
                    .map(AuthenticatorTransport::create).collect(Collectors.toSet());
            return new PublicKeyCredentialDescriptor(PublicKeyCredentialType.create((String) d.get("type")), bytes(d.get("id")), transports);
        }).toList();
    }

    /** Strict, as browsers are: base64url without padding. */
    static byte[] bytes(Object value) {
        String s = (String) value;
        if (s.contains("=") || s.contains("+") || s.contains("/")) {
            throw new AssertionError("not base64url without padding: " + s);
        }
        return B64U.decode(s);
    }
}
