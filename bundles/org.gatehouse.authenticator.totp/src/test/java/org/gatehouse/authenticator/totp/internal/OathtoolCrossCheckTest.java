package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.sdk.testsupport.InMemoryCredentials;
import org.gatehouse.sdk.testsupport.TestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Codes for random secrets and times, compared with those of the independent implementation in
 * oath-toolkit ({@code apt-get install oathtool}). Skipped where the binary is not installed.
 */
class OathtoolCrossCheckTest {

    private static Path oathtool;

    @BeforeAll
    static void findOathtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "oathtool");
            if (Files.isExecutable(candidate)) {
                oathtool = candidate;
                return;
            }
        }
    }

    @Test
    void agreesWithOathtoolForEveryAlgorithmAndLength() throws Exception {
        requireOathtool();
        Random random = new Random(6238); // reproducible cases
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            for (int digits : new int[] {6, 8}) {
                for (int i = 0; i < 4; i++) {
                    byte[] secret = new byte[TotpEnrolmentStep.SECRET_BYTES];
                    random.nextBytes(secret);
                    long epochSeconds = 1_000_000_000L + (random.nextLong() & 0xffffffffL);
                    Totp totp = new Totp(algorithm, digits, 30);
                    String ours = totp.code(secret, totp.step(Instant.ofEpochSecond(epochSeconds)));
                    assertThat(ours)
                            .as("%s, %d digits, t=%d", algorithm, digits, epochSeconds)
                            .isEqualTo(oathtool(algorithm, digits, epochSeconds, Base32.encode(secret)));
                }
            }
        }
    }

    /** The whole round trip as a user lives it: the key from the enrolment prompt, codes from another implementation. */
    @Test
    void enrolsAndLogsInWithCodesFromOathtool() throws Exception {
        requireOathtool();
        Instant now = Instant.parse("2026-03-01T12:00:10Z");
        InMemoryCredentials credentials = new InMemoryCredentials(Clock.fixed(now, ZoneOffset.UTC));
        UserRef alice = new UserRef("PRIMARY", "u-1", "alice");
        TestContext context = new TestContext(alice);
        TotpSettings settings = new TotpSettings(new Totp(HashAlgorithm.SHA256, 8, 30), "Acme", 1);
        TotpAuthenticator atNow = new TotpAuthenticator(credentials, settings, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());

        Prompt prompt = ((StepResult.Prompted) atNow.startEnrolment(context)).prompt();
        String typedKey = ((String) prompt.data().get(TotpEnrolmentStep.MANUAL_KEY)).replace(" ", "");
        String enrolCode = oathtool(HashAlgorithm.SHA256, 8, now.getEpochSecond(), typedKey);
        assertThat(atNow.submitEnrolment(context, submission(enrolCode))).isInstanceOf(StepResult.Success.class);

        Instant later = now.plusSeconds(300);
        TotpAuthenticator atLater = new TotpAuthenticator(credentials, settings, Clock.fixed(later, ZoneOffset.UTC), new SecureRandom());
        String loginCode = oathtool(HashAlgorithm.SHA256, 8, later.getEpochSecond(), typedKey);
        assertThat(atLater.submit(new TestContext(alice), submission(loginCode))).isInstanceOf(StepResult.Success.class);
    }

    private static Submission submission(String code) {
        return new Submission(Action.SUBMIT, Map.of(TotpLoginStep.CODE, code));
    }

    private static String oathtool(HashAlgorithm algorithm, int digits, long epochSeconds, String base32Secret) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(oathtool.toString(), "--totp=" + algorithm.name(), "-b", "-d", Integer.toString(digits),
                "-N", "@" + epochSeconds, base32Secret).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Skipped on a developer machine without oathtool; on CI (which installs it) a missing binary fails. */
    private void requireOathtool() {
        if (oathtool == null && System.getenv("CI") != null) {
            throw new AssertionError("CI cross-checks TOTP with oathtool, but it is not installed");
        }
        assumeTrue(oathtool != null, "oathtool is not installed");
    }
}
