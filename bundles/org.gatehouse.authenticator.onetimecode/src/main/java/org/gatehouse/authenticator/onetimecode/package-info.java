/**
 * One-time codes sent through a notification channel, as a second factor: the whole login step,
 * parameterised by the channel.
 *
 * <p><b>What a plugin author implements</b>: a {@link org.gatehouse.authenticator.onetimecode.CodeDelivery}
 * (which channel type, where the user's codes go, how that destination is shown masked, what the
 * message says, the message key for "this user has no destination"), and a Declarative Services
 * component that registers an {@link org.gatehouse.api.authn.Authenticator} delegating to a
 * {@link org.gatehouse.authenticator.onetimecode.OneTimeCodeAuthenticator} built from that delivery,
 * a descriptor and {@link org.gatehouse.authenticator.onetimecode.OneTimeCodeSettings}. The texts
 * live in the plugin's own {@code gatehouse/messages*.properties}: every key of {@link
 * org.gatehouse.authenticator.onetimecode.OneTimeCodeAuthenticator#messageKeys(String)} plus the
 * delivery's own.
 *
 * <p><b>What the library guarantees</b>: codes are uniformly random decimal digits from a {@link
 * java.security.SecureRandom}; only a salted HMAC of the code, bound to the user, is kept in the
 * step state; a code passes at most once, only before it expires, and dies after the configured
 * number of wrong attempts (every attempt is counted before the check, compared in constant time);
 * further codes only on the user's explicit "resend", no faster than the resend interval and no
 * more than the configured number per login; re-entering the step never sends another code; a
 * code whose delivery failed cannot be used; a user store outage fails closed; codes and message
 * bodies are never logged.
 */
@Version("1.0.0")
@Export
package org.gatehouse.authenticator.onetimecode;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
