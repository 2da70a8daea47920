package org.gatehouse.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserStore;

@Service
@Command(scope = "gatehouse", name = "user-create",
        description = "Creates a user. Without --password-prompt, a strong password is generated and printed once.")
public class UserCreateCommand implements Action {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    static final int GENERATED_LENGTH = 24;
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}._@+\\-]{1,255}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\"(),:;<>\\[\\\\\\]]+@[^\\s@\"(),:;<>\\[\\\\\\]]+");

    @Argument(index = 0, name = "username", required = true, description = "The login name: letters, digits and . _ @ + -")
    String username;

    /**
     * Karaf stops reading options at the first argument; these are the words after the username,
     * so that {@code user-create alice --email a@example.com} works as well as the usual
     * {@code user-create --email a@example.com alice}.
     */
    @Argument(index = 1, name = "options", multiValued = true,
            description = "The options may also follow the username")
    List<String> trailing;

    @Option(name = "--email", aliases = "-e", description = "The email address")
    String email;

    @Option(name = "--given-name", description = "The given (first) name")
    String givenName;

    @Option(name = "--family-name", description = "The family (last) name")
    String familyName;

    @Option(name = "--domain", aliases = "-d", description = "The user store's domain (default: the primary store)")
    @Completion(DomainCompleter.class)
    String domain;

    @Option(name = "--password-prompt", aliases = "-p", description = "Ask for the password (not echoed) instead of generating one")
    boolean passwordPrompt;

    @Reference(optional = true)
    UserDirectory directory;

    @Reference
    Session session;

    /** Replaceable in tests. */
    SecureRandom random = new SecureRandom();

    @Override
    public Object execute() throws Exception {
        run(System.out);
        return null;
    }

    void run(PrintStream out) throws CommandException {
        applyTrailingOptions();
        validate();
        UserDirectory dir = Commands.require(directory);
        char[] password = passwordPrompt ? prompt() : generate();
        try {
            UserStore store = Commands.store(dir, domain);
            UserProfile profile = UserProfile.builder()
                    .email(blankToNull(email))
                    .givenName(blankToNull(givenName))
                    .familyName(blankToNull(familyName))
                    .build();
            User user = dir.writable(store.descriptor().domain())
                    .createUser(Commands.ORG, new NewUser(username, true, profile, Optional.of(password)));
            out.println("Created user " + user.username() + " (id " + user.id() + ", store " + user.domain() + ")");
            if (!passwordPrompt) {
                out.println("Generated password, shown only this once: " + new String(password));
            }
            return;
        } catch (UniquenessConflictException e) {
            throw new CommandException("A user named '" + username + "' already exists");
        } catch (InvalidValueException e) {
            throw new CommandException("Invalid " + e.attribute() + ": " + e.getMessage());
        } catch (ReadOnlyStoreException | EntityNotFoundException e) {
            throw new CommandException(e.getMessage());
        } catch (StoreUnavailableException e) {
            throw new CommandException("The user store is unavailable: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void applyTrailingOptions() throws CommandException {
        if (trailing == null) {
            return;
        }
        for (int i = 0; i < trailing.size(); i++) {
            String word = trailing.get(i);
            String name = word;
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                name = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            switch (name) {
                case "--password-prompt", "-p" -> {
                    if (value != null) {
                        throw new CommandException("--password-prompt takes no value");
                    }
                    passwordPrompt = true;
                }
                case "--email", "-e", "--given-name", "--family-name", "--domain", "-d" -> {
                    if (value == null) {
                        if (i + 1 >= trailing.size()) {
                            throw new CommandException(name + " needs a value");
                        }
                        value = trailing.get(++i);
                    }
                    switch (name) {
                        case "--email", "-e" -> email = value;
                        case "--given-name" -> givenName = value;
                        case "--family-name" -> familyName = value;
                        default -> domain = value;
                    }
                }
                default -> throw new CommandException(word.startsWith("-")
                        ? "Unknown option " + name + "; see gatehouse:user-create --help"
                        : "Unexpected argument '" + word + "': only one username can be given");
            }
        }
        trailing = null;
    }

    private void validate() throws CommandException {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new CommandException("Invalid username '" + username + "': use 1-255 letters, digits and . _ @ + - (no spaces)");
        }
        if (email != null && !email.isBlank() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw new CommandException("Invalid email address '" + email + "'");
        }
    }

    private char[] prompt() throws CommandException {
        if (session == null) {
            throw new CommandException("--password-prompt needs an interactive shell session");
        }
        String first;
        String second;
        try {
            first = session.readLine("Password: ", '\0');
            second = first == null ? null : session.readLine("Repeat password: ", '\0');
        } catch (IOException | UnsupportedOperationException e) {
            throw new CommandException("--password-prompt needs an interactive shell session; omit it to generate a password");
        }
        if (first == null || second == null) {
            throw new CommandException("No password entered; the user was not created");
        }
        if (!first.equals(second)) {
            throw new CommandException("The passwords do not match; the user was not created");
        }
        int length = first.codePointCount(0, first.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw new CommandException("The password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        return first.toCharArray();
    }

    /** 24 characters from a 57-letter alphabet without look-alikes (0/O, 1/l/I): about 140 bits. */
    char[] generate() {
        char[] password = new char[GENERATED_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
