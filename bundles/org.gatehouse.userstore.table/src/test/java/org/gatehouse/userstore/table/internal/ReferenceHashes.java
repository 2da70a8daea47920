package org.gatehouse.userstore.table.internal;

/**
 * Hashes made by the formats' own implementations (password, hash), recorded once, so the tests
 * check this store against them rather than against itself.
 */
final class ReferenceHashes {

    private ReferenceHashes() {}

    /**
     * The reference implementation's command line (phc-winner-argon2 20190702, Debian's
     * {@code argon2} package), e.g. {@code echo -n Dave-pw-4 | argon2 dave-salt-16byte -id -t 2 -m 10 -p 1 -l 32 -e}.
     * The first argon2i one is the example in that project's README.
     */
    static final String[][] ARGON2 = {
        {"Dave-pw-4", "$argon2id$v=19$m=1024,t=2,p=1$ZGF2ZS1zYWx0LTE2Ynl0ZQ$hz7AdwWmnw02Coy5x2gHpM5wyJ73jc3kNIR5B3JDDng"},
        {"Pässwort-Argon", "$argon2id$v=19$m=4096,t=3,p=2$YW5vdGhlci1zYWx0$TZkgLGl/PHD3Hcf707ijuzyCwJnltJ8XEmY0d/y1O/c"},
        {"password", "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"},
        {"Ida-pw-2", "$argon2i$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$ieiJR2zQRZyUesNbUkDluY9yMNhDmQ4W7mM7YaI1I9Q"},
    };

    /**
     * Django 3.2.25's {@code PBKDF2PasswordHasher().encode(password, salt, iterations=...)} (and
     * {@code PBKDF2SHA1PasswordHasher}), and passlib 1.7.4's {@code pbkdf2_sha256}/{@code pbkdf2_sha512}.
     */
    static final String[][] PBKDF2 = {
        {"Wonder-land-2", "pbkdf2_sha256$10000$seasalt$/0C/0NoueWfHylZ4NsYEtYIxBlwx6O7n5N2p2HEwUJo="},
        {"lètmein", "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="},
        {"Kdjango-1", "pbkdf2_sha1$1000$x7dK2pQ$8t4fx++XUAw1KXiWpan3SoRswec="},
        {"Passlib-pw-1", "$pbkdf2-sha256$1200$4dx7D6GUUmptbW0Nwdh7Lw$9umGCv2HlZXAOh5NnCa5t0aqLJK1FK7GDR9n9Rf1Ga0"},
        {"Grace-pw-7", "$pbkdf2-sha512$1000$EREREXNhbHQtYnl0ZXMhIQ$/RlcyjUVzmrEWDBgi7LqMdWQWcyD.Zf5Dwu5r20VC4qPdwoJWS5rW8lrjErSaRerck5Pi8UbNT3IBEeCrddwkQ"},
    };
}
