package org.gatehouse.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.gatehouse.api.plugin.InstalledPlugin;
import org.gatehouse.api.plugin.PluginType;
import org.junit.jupiter.api.Test;

class CommandsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final FakeDirectory directory = new FakeDirectory();

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A session that answers readLine from a queue and records the masks it was asked with. */
    static Session session(Deque<String> answers, List<Character> masks) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class}, (p, m, args) -> {
            if (m.getName().equals("readLine")) {
                masks.add((Character) args[1]);
                return answers.poll();
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    // ---- user-list ------------------------------------------------------------------------------

    @Test
    void listsUsersInATable() throws Exception {
        directory.add("alice", "alice@example.com");
        directory.add("bob", null);
        UserListCommand cmd = new UserListCommand();
        cmd.directory = directory;
        cmd.run(out);
        assertThat(output()).contains("Username").contains("alice").contains("alice@example.com").contains("bob");
        assertThat(directory.lastQuery.limit()).isEqualTo(50);
    }

    @Test
    void filtersAndLimits() throws Exception {
        directory.add("alice", null);
        directory.add("anna", null);
        directory.add("bob", null);
        UserListCommand cmd = new UserListCommand();
        cmd.directory = directory;
        cmd.filter = "userName sw \"a\"";
        cmd.limit = 1;
        cmd.run(out);
        assertThat(output()).contains("alice").doesNotContain("bob").contains("Showing 1 of 2 users");
    }

    @Test
    void listErrorsAreClear() {
        UserListCommand cmd = new UserListCommand();
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("not available");
        cmd.directory = directory;
        cmd.filter = "userName zz";
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageStartingWith("Invalid filter");
        cmd.filter = null;
        cmd.domain = "ldap";
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("LDAP").hasMessageContaining("PRIMARY");
        cmd.domain = null;
        cmd.limit = 0;
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("--limit");
    }

    // ---- user-create ----------------------------------------------------------------------------

    @Test
    void createsAUserWithAGeneratedPasswordShownOnce() throws Exception {
        UserCreateCommand cmd = new UserCreateCommand();
        cmd.directory = directory;
        cmd.username = "carol";
        cmd.email = "carol@example.com";
        cmd.givenName = "Carol";
        cmd.run(out);
        String password = directory.passwords.values().iterator().next();
        assertThat(password).hasSize(UserCreateCommand.GENERATED_LENGTH).matches("[A-Za-z2-9]+");
        assertThat(output()).contains("Created user carol").contains(password);
        assertThat(output().indexOf(password)).isEqualTo(output().lastIndexOf(password));
        assertThat(directory.users.values().iterator().next().profile().givenName()).isEqualTo("Carol");
    }

    @Test
    void optionsMayFollowTheUsername() throws Exception {
        List<Character> masks = new java.util.ArrayList<>();
        UserCreateCommand cmd = new UserCreateCommand();
        cmd.directory = directory;
        cmd.username = "heidi";
        cmd.trailing = List.of("--email", "heidi@example.com", "--given-name=Heidi", "--family-name", "Klum", "-p", "--domain", "primary");
        cmd.session = session(new ArrayDeque<>(List.of("heidi-password", "heidi-password")), masks);
        cmd.run(out);
        org.gatehouse.api.userstore.User heidi = directory.users.values().iterator().next();
        assertThat(heidi.profile().email()).isEqualTo("heidi@example.com");
        assertThat(heidi.profile().givenName()).isEqualTo("Heidi");
        assertThat(heidi.profile().familyName()).isEqualTo("Klum");
        assertThat(directory.passwords).containsValue("heidi-password");

        UserCreateCommand bad = new UserCreateCommand();
        bad.directory = directory;
        bad.username = "ivan";
        bad.trailing = List.of("--nickname", "x");
        assertThatThrownBy(() -> bad.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("Unknown option --nickname");
        bad.trailing = List.of("second-user");
        assertThatThrownBy(() -> bad.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("only one username");
        bad.trailing = List.of("--email");
        assertThatThrownBy(() -> bad.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("needs a value");
    }

    @Test
    void generatedPasswordsDiffer() {
        UserCreateCommand cmd = new UserCreateCommand();
        assertThat(new String(cmd.generate())).isNotEqualTo(new String(cmd.generate()));
    }

    @Test
    void promptsForAPasswordWithoutEcho() throws Exception {
        List<Character> masks = new java.util.ArrayList<>();
        UserCreateCommand cmd = new UserCreateCommand();
        cmd.directory = directory;
        cmd.username = "dave";
        cmd.passwordPrompt = true;
        cmd.session = session(new ArrayDeque<>(List.of("correct horse", "correct horse")), masks);
        cmd.run(out);
        assertThat(directory.passwords).containsValue("correct horse");
        assertThat(masks).containsExactly('\0', '\0');
        assertThat(output()).contains("Created user dave").doesNotContain("correct horse").doesNotContain("Generated");
    }

    @Test
    void promptErrorsCreateNothing() {
        UserCreateCommand cmd = new UserCreateCommand();
        cmd.directory = directory;
        cmd.username = "erin";
        cmd.passwordPrompt = true;
        cmd.session = session(new ArrayDeque<>(List.of("first-password", "second-password")), new java.util.ArrayList<>());
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("do not match");
        cmd.session = session(new ArrayDeque<>(List.of("short", "short")), new java.util.ArrayList<>());
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("8 to 1024");
        cmd.session = session(new ArrayDeque<>(), new java.util.ArrayList<>());
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("No password");
        cmd.session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class}, (p, m, a) -> {
            throw new UnsupportedOperationException();
        });
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("interactive");
        assertThat(directory.users).isEmpty();
    }

    @Test
    void createErrorsAreClear() {
        directory.add("frank", null);
        UserCreateCommand cmd = new UserCreateCommand();
        cmd.directory = directory;
        cmd.username = "FRANK";
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("already exists");
        cmd.username = "has space";
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("Invalid username");
        cmd.username = "grace";
        cmd.email = "not-an-email";
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("Invalid email");
        cmd.email = null;
        cmd.directory = null;
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("not available");
    }

    // ---- plugin-list ----------------------------------------------------------------------------

    @Test
    void listsPlugins() throws Exception {
        PluginListCommand cmd = new PluginListCommand();
        cmd.catalog = () -> List.of(
                new InstalledPlugin(PluginType.AUTHENTICATOR, "password", "Password", "org.gatehouse.authenticator.password", "0.1.0", "ACTIVE"),
                new InstalledPlugin(PluginType.USER_STORE, "PRIMARY", "JDBC", "org.gatehouse.userstore.jdbc", "0.1.0", "ACTIVE"));
        cmd.run(out);
        assertThat(output()).contains("Type").contains("Bundle").contains("org.gatehouse.authenticator.password").contains("USER_STORE");
        bytes.reset();
        cmd.type = "user-store";
        cmd.run(out);
        assertThat(output()).contains("org.gatehouse.userstore.jdbc").doesNotContain("authenticator.password");
        cmd.type = "widget";
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("AUTHENTICATOR");
        cmd.type = null;
        cmd.catalog = null;
        assertThatThrownBy(() -> cmd.run(out)).isInstanceOf(CommandException.class).hasMessageContaining("not available");
    }
}
