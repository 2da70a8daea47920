/**
 * Test doubles for Gatehouse plugin tests: the runtime's side of the authenticator contract, in
 * memory and without OSGi.
 *
 * <ul>
 *   <li>{@link org.gatehouse.sdk.testsupport.TestContext}: a login in progress ({@code StepContext})
 *       whose {@code StepState} is a plain map the test can read, copy and restore;</li>
 *   <li>{@link org.gatehouse.sdk.testsupport.InMemoryCredentials}: the credential store with the
 *       contract's rules (unique keys per organization and type, compare-and-set on the version),
 *       plus switches to simulate outages and races;</li>
 *   <li>{@link org.gatehouse.sdk.testsupport.TestDirectory}: a user directory with one store;</li>
 *   <li>{@link org.gatehouse.sdk.testsupport.ChannelNotifications}: the runtime's notification
 *       routing, in front of one real channel;</li>
 *   <li>{@link org.gatehouse.sdk.testsupport.MutableClock} and {@link
 *       org.gatehouse.sdk.testsupport.TypedConfig} (a configuration annotation as DS builds it);</li>
 *   <li>{@link org.gatehouse.sdk.testsupport.MessageFiles} (the plugin's texts complete in every
 *       language) and {@link org.gatehouse.sdk.testsupport.StepResults} (unpacking answers).</li>
 * </ul>
 *
 * <p>Nothing here depends on a test framework: failures are {@link java.lang.AssertionError}s.
 */
package org.gatehouse.sdk.testsupport;
