package org.gatehouse.authenticator.backupcodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupCodeTest {

    @Test
    void generatesDistinctCodesFromTheUnambiguousAlphabet() {
        List<String> codes = BackupCode.generate(new SecureRandom(), 1000);
        assertThat(codes).hasSize(1000).doesNotHaveDuplicates().allMatch(c -> c.matches("[2-9a-hjkmnp-z]{10}"));
        Set<Character> used = new HashSet<>();
        codes.forEach(c -> c.chars().forEach(ch -> used.add((char) ch)));
        assertThat(used).as("every symbol occurs, none other").hasSize(BackupCode.ALPHABET.length());
        assertThat(BackupCode.ALPHABET).doesNotContain("0", "1", "i", "l", "o");
    }

    @Test
    void showsCodesInTwoGroupsOfFive() {
        assertThat(BackupCode.grouped("abcde23456")).isEqualTo("abcde-23456");
    }

    @Test
    void normalisesCaseSpacesAndDashes() {
        assertThat(BackupCode.normalise("abcde-23456")).hasValue("abcde23456");
        assertThat(BackupCode.normalise("ABCDE-23456")).hasValue("abcde23456");
        assertThat(BackupCode.normalise(" abcde 23456 ")).hasValue("abcde23456");
        assertThat(BackupCode.normalise("abcde23456")).hasValue("abcde23456");
        assertThat(BackupCode.normalise("a-b-c-d-e-2-3-4-5-6")).hasValue("abcde23456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcde", "abcde-2345", "abcde-234567", "abcde-2345o", "abcde-23450", "abcde-2345l", "abcde_23456",
        "ａbcde-23456", "\u212Abcde-23456", "abcde-23456-abcde-23456-x"})
    void refusesWhatCannotBeACode(String input) {
        assertThat(BackupCode.normalise(input)).isEmpty();
    }

    @Test
    void refusesNullAndHugeInputUnread() {
        assertThat(BackupCode.normalise(null)).isEmpty();
        assertThat(BackupCode.normalise("a".repeat(100_000))).isEmpty();
    }
}
