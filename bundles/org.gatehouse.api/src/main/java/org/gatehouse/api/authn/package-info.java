/**
 * The authenticator contract: "prompts are data".
 *
 * <p>An {@link org.gatehouse.api.authn.Authenticator} is one step of a login flow. It never sees an
 * HTTP request or writes HTML. The runtime calls {@link org.gatehouse.api.authn.Authenticator#start}
 * when the step begins and {@link org.gatehouse.api.authn.Authenticator#submit} for every answer;
 * the authenticator answers each with a {@link org.gatehouse.api.authn.StepResult}: a {@link
 * org.gatehouse.api.authn.Prompt} of typed fields and actions, a redirect to an external identity
 * provider, success with the user and the authentication methods used, or failure with a reason and
 * a message key. The runtime renders prompts as branded HTML for browsers, as JSON for app-native
 * login and as a live preview in the flow editor, so every authenticator gets all three.
 *
 * <p>Authenticators are stateless services: per-login state goes into {@link
 * org.gatehouse.api.authn.StepState}, which the runtime persists, so a login survives a node switch
 * or a hot upgrade of the plugin between two steps.
 *
 * <p>Register an implementation as an OSGi service of type {@code Authenticator}, typically with
 * Declarative Services ({@code @Component(service = Authenticator.class)}).
 */
@Version("1.1.0")
@Export
package org.gatehouse.api.authn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
