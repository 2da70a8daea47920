package org.gatehouse.userstore.ldap.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.directory.api.ldap.model.entry.DefaultEntry;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.message.AddRequest;
import org.apache.directory.api.ldap.model.message.AddRequestImpl;
import org.apache.directory.api.ldap.model.message.BindRequest;
import org.apache.directory.api.ldap.model.message.BindRequestImpl;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.Control;
import org.apache.directory.api.ldap.model.message.DeleteRequest;
import org.apache.directory.api.ldap.model.message.DeleteRequestImpl;
import org.apache.directory.api.ldap.model.message.ExtendedResponse;
import org.apache.directory.api.ldap.model.message.LdapResult;
import org.apache.directory.api.ldap.model.message.ModifyDnRequest;
import org.apache.directory.api.ldap.model.message.ModifyDnRequestImpl;
import org.apache.directory.api.ldap.model.message.ModifyRequest;
import org.apache.directory.api.ldap.model.message.ModifyRequestImpl;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.message.controls.OpaqueControl;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.api.ldap.model.name.Rdn;
import org.apache.directory.ldap.client.api.LdapConnection;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserStoreException;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.userstore.ldap.internal.EntryReader.DirectoryGroup;
import org.gatehouse.userstore.ldap.internal.EntryReader.DirectoryUser;

/**
 * The directory operations behind the store's changes and password checks.
 *
 * <p>Optimistic concurrency: the store compares the version the caller read with the entry's
 * current one; on OpenLDAP the change is then sent with an assertion control (RFC 4528) on the
 * entry's entryCSN, so a change made by someone else in between fails the operation
 * (assertionFailed) instead of being overwritten. Active Directory has no assertion control: there
 * the check and the change are two operations, with a window of one round trip between them.
 */
final class DirectoryWriter {

    static final String ASSERTION_OID = "1.3.6.1.1.12";
    static final String PASSWORD_MODIFY_OID = "1.3.6.1.4.1.4203.1.11.1";

    private final LdapSettings settings;
    private final String domain;

    DirectoryWriter(LdapSettings settings) {
        this.settings = settings;
        this.domain = settings.domain();
    }

    // ---- password checks

    /** @return whether the directory accepted the password (a bind as the user) */
    boolean bindAs(LdapConnection c, String dn, char[] password) throws LdapException {
        BindRequest request = new BindRequestImpl();
        request.setName(dn);
        request.setSimple(true);
        byte[] credentials = utf8(password);
        try {
            request.setCredentials(credentials);
            BindResponse response = c.bind(request);
            ResultCodeEnum code = response.getLdapResult().getResultCode();
            if (code == ResultCodeEnum.UNAVAILABLE || code == ResultCodeEnum.BUSY || code != ResultCodeEnum.SUCCESS && !c.isConnected()) {
                throw new LdapException("The directory is unavailable: " + code);
            }
            // everything else (invalid credentials, a locked or disabled account, unwillingToPerform) is a failed check
            return code == ResultCodeEnum.SUCCESS;
        } finally {
            Arrays.fill(credentials, (byte) 0);
        }
    }

    /**
     * Sets a password as the service account: the password modify operation (RFC 3062) on OpenLDAP,
     * which hashes with the directory's password-hash; unicodePwd on Active Directory, which only
     * accepts it over an encrypted connection.
     */
    void setPassword(LdapConnection c, String dn, char[] password) throws LdapException {
        if (settings.type().isActiveDirectory()) {
            byte[] value = ActiveDirectory.unicodePwd(password);
            try {
                ModifyRequest request = new ModifyRequestImpl();
                request.setName(new Dn(dn));
                request.replace("unicodePwd", value);
                check(c.modify(request).getLdapResult(), "setting the password");
            } finally {
                Arrays.fill(value, (byte) 0);
            }
            return;
        }
        byte[] secret = utf8(password);
        byte[] value = Ber.passwordModify(dn, secret);
        try {
            ExtendedResponse response = c.extended(PASSWORD_MODIFY_OID, value);
            LdapResult result = response.getLdapResult();
            if (result.getResultCode() == ResultCodeEnum.CONSTRAINT_VIOLATION || result.getResultCode() == ResultCodeEnum.UNWILLING_TO_PERFORM) {
                throw new InvalidValueException("password", "The directory refused the password: " + result.getDiagnosticMessage());
            }
            check(result, "setting the password");
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(value, (byte) 0);
        }
    }

    // ---- users

    String newUserDn(String username, UserProfile profile) {
        String rdnValue = settings.userRdnAttribute().equalsIgnoreCase(settings.usernameAttribute()) ? username
                : Optional.ofNullable(profile.displayName()).orElse(username);
        return settings.userRdnAttribute() + "=" + Rdn.escapeValue(rdnValue) + "," + settings.userBaseDn();
    }

    void addUser(LdapConnection c, String dn, String username, NewUser user) throws LdapException {
        Entry entry = new DefaultEntry(dn);
        entry.add("objectClass", settings.newUserObjectClasses().toArray(String[]::new));
        entry.add(settings.usernameAttribute(), username);
        Rdn rdn = new Dn(dn).getRdn();
        if (!rdn.getType().equalsIgnoreCase(settings.usernameAttribute())) {
            entry.add(rdn.getType(), rdn.getValue());
        }
        UserProfile p = user.profile();
        profileValues(p).forEach((attribute, value) -> {
            if (value != null && !entry.containsAttribute(attribute)) {
                add(entry, attribute, value);
            }
        });
        for (Map.Entry<String, List<String>> e : extraValues(p).entrySet()) {
            if (!e.getValue().isEmpty()) {
                entry.add(e.getKey(), e.getValue().toArray(String[]::new));
            }
        }
        if (lower(settings.newUserObjectClasses()).contains("person")) {
            // person requires cn and sn (RFC 4519); a user created with no names gets the username
            if (!entry.containsAttribute("cn")) {
                entry.add("cn", Optional.ofNullable(p.displayName()).orElse(username));
            }
            if (!entry.containsAttribute("sn")) {
                entry.add("sn", Optional.ofNullable(p.familyName()).orElse(username));
            }
        }
        if (settings.type().isActiveDirectory()) {
            entry.add("userAccountControl", Long.toString(ActiveDirectory.newAccount(user.active())));
            if (user.password().isPresent()) {
                entry.add("unicodePwd", ActiveDirectory.unicodePwd(user.password().get()));
            }
        } else if (!user.active()) {
            entry.add(disabledAttribute(), disabledValue());
        }
        AddRequest request = new AddRequestImpl();
        request.setEntry(entry);
        LdapResult result = c.add(request).getLdapResult();
        if (result.getResultCode() == ResultCodeEnum.ENTRY_ALREADY_EXISTS) {
            throw new UniquenessConflictException("userName", "An entry named " + dn + " already exists in the user store " + domain);
        }
        check(result, "creating the user");
    }

    /** @return the user's DN after the change (it changes with the username when the username is the RDN) */
    String updateUser(LdapConnection c, DirectoryUser current, String username, UserUpdate update) throws LdapException {
        ModifyRequest request = new ModifyRequestImpl();
        request.setName(new Dn(current.dn()));
        UserProfile before = current.user().profile();
        Map<String, String> old = profileValues(before);
        profileValues(update.profile()).forEach((attribute, value) -> {
            if (!Objects.equals(value, old.get(attribute))) {
                if (value == null) {
                    request.replace(attribute);
                } else {
                    request.replace(attribute, value);
                }
            }
        });
        Map<String, List<String>> oldExtras = extraValues(before);
        extraValues(update.profile()).forEach((attribute, values) -> {
            if (!values.equals(oldExtras.getOrDefault(attribute, List.of()))) {
                if (values.isEmpty()) {
                    request.replace(attribute);
                } else {
                    request.replace(attribute, values.toArray(String[]::new));
                }
            }
        });
        boolean renames = !username.equals(current.user().username());
        boolean usernameIsRdn = settings.userRdnAttribute().equalsIgnoreCase(settings.usernameAttribute());
        if (renames && !usernameIsRdn) {
            request.replace(settings.usernameAttribute(), username);
        }
        if (update.active() != current.user().active()) {
            if (settings.type().isActiveDirectory()) {
                request.replace("userAccountControl", Long.toString(ActiveDirectory.withDisabled(current.userAccountControl(), !update.active())));
            } else if (update.active()) {
                if (settings.disabledValue().isPresent()) {
                    request.remove(disabledAttribute(), disabledValue());
                } else {
                    request.replace(disabledAttribute());
                }
            } else {
                request.add(disabledAttribute(), disabledValue());
            }
        }
        if (!request.getModifications().isEmpty() || renames) {
            // even a rename alone is checked against the version first
            assertVersion(request, current.rawVersion());
            if (request.getModifications().isEmpty()) {
                request.replace(settings.usernameAttribute(), current.user().username());
            }
            LdapResult result = c.modify(request).getLdapResult();
            conflictOrCheck(result, "User " + current.user().id(), current.user().version(), "changing the user");
        }
        if (renames && usernameIsRdn) {
            return rename(c, current.dn(), settings.userRdnAttribute(), username);
        }
        return current.dn();
    }

    private String rename(LdapConnection c, String dn, String rdnAttribute, String value) throws LdapException {
        Dn old = new Dn(dn);
        ModifyDnRequest request = new ModifyDnRequestImpl();
        request.setName(old);
        request.setNewRdn(new Rdn(rdnAttribute + "=" + Rdn.escapeValue(value)));
        request.setDeleteOldRdn(true);
        LdapResult result = c.modifyDn(request).getLdapResult();
        if (result.getResultCode() == ResultCodeEnum.ENTRY_ALREADY_EXISTS) {
            throw new UniquenessConflictException("userName", "The name '" + value + "' is taken in the user store " + domain);
        }
        check(result, "renaming");
        return rdnAttribute + "=" + Rdn.escapeValue(value) + (old.getParent().isEmpty() ? "" : "," + old.getParent().getName());
    }

    void delete(LdapConnection c, String dn, Optional<String> rawVersion, String entity, long expectedVersion) throws LdapException {
        DeleteRequest request = new DeleteRequestImpl();
        request.setName(new Dn(dn));
        assertVersion(request, rawVersion);
        conflictOrCheck(c.delete(request).getLdapResult(), entity, expectedVersion, "deleting");
    }

    // ---- groups

    /**
     * groupOfNames requires a member (RFC 4519). A group without members holds the empty DN as a
     * placeholder, which refers to no entry and which the reader ignores.
     */
    static final String NO_MEMBER = "";

    String newGroupDn(String name) {
        LdapSettings.GroupSettings g = settings.groups().orElseThrow();
        return g.nameAttribute() + "=" + Rdn.escapeValue(name) + "," + g.baseDn();
    }

    void addGroup(LdapConnection c, String dn, String name, String description) throws LdapException {
        LdapSettings.GroupSettings g = settings.groups().orElseThrow();
        Entry entry = new DefaultEntry(dn);
        entry.add("objectClass", "top", g.objectClass());
        entry.add(g.nameAttribute(), name);
        if (description != null) {
            entry.add("description", description);
        }
        if (needsMember()) {
            entry.add(g.memberAttribute(), NO_MEMBER);
        }
        AddRequest request = new AddRequestImpl();
        request.setEntry(entry);
        LdapResult result = c.add(request).getLdapResult();
        if (result.getResultCode() == ResultCodeEnum.ENTRY_ALREADY_EXISTS) {
            throw new UniquenessConflictException("displayName", "A group named '" + name + "' already exists in the user store " + domain);
        }
        check(result, "creating the group");
    }

    String updateGroup(LdapConnection c, DirectoryGroup current, String name, String description) throws LdapException {
        LdapSettings.GroupSettings g = settings.groups().orElseThrow();
        ModifyRequest request = new ModifyRequestImpl();
        request.setName(new Dn(current.dn()));
        assertVersion(request, current.rawVersion());
        if (description == null) {
            request.replace("description");
        } else {
            request.replace("description", description);
        }
        conflictOrCheck(c.modify(request).getLdapResult(), "Group " + current.group().id(), current.group().version(), "changing the group");
        if (!name.equals(current.group().name())) {
            return rename(c, current.dn(), g.nameAttribute(), name);
        }
        return current.dn();
    }

    void addMember(LdapConnection c, DirectoryGroup group, String userDn) throws LdapException {
        String member = settings.groups().orElseThrow().memberAttribute();
        if (lower(group.members()).contains(userDn.toLowerCase(Locale.ROOT))) {
            return;
        }
        ModifyRequest request = new ModifyRequestImpl();
        request.setName(new Dn(group.dn()));
        request.add(member, userDn);
        LdapResult result = c.modify(request).getLdapResult();
        if (result.getResultCode() == ResultCodeEnum.ATTRIBUTE_OR_VALUE_EXISTS) {
            return;
        }
        check(result, "adding a member");
        if (needsMember()) {
            ModifyRequest placeholder = new ModifyRequestImpl();
            placeholder.setName(new Dn(group.dn()));
            placeholder.remove(member, NO_MEMBER);
            // absent already: nothing to do
            c.modify(placeholder);
        }
    }

    void removeMember(LdapConnection c, DirectoryGroup group, String userDn) throws LdapException {
        String member = settings.groups().orElseThrow().memberAttribute();
        if (!lower(group.members()).contains(userDn.toLowerCase(Locale.ROOT))) {
            return;
        }
        ModifyRequest request = new ModifyRequestImpl();
        request.setName(new Dn(group.dn()));
        request.remove(member, userDn);
        boolean last = group.members().size() == 1;
        if (last && needsMember()) {
            request.add(member, NO_MEMBER);
        }
        LdapResult result = c.modify(request).getLdapResult();
        if (result.getResultCode() == ResultCodeEnum.NO_SUCH_ATTRIBUTE) {
            return;
        }
        check(result, "removing a member");
    }

    private boolean needsMember() {
        return settings.groups().map(g -> g.objectClass().equalsIgnoreCase("groupOfNames") || g.objectClass().equalsIgnoreCase("groupOfUniqueNames"))
                .orElse(false);
    }

    // ---- helpers

    /** The single-valued mapped attributes of a profile, by LDAP attribute (null: no value). */
    private Map<String, String> profileValues(UserProfile p) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        settings.mapping().forEach((path, attribute) -> m.put(attribute, switch (path) {
            case "name.givenName" -> p.givenName();
            case "name.familyName" -> p.familyName();
            case "displayName" -> p.displayName();
            case "emails.value" -> p.email();
            case "phoneNumbers.value" -> p.phoneNumber();
            case "locale" -> p.locale();
            default -> null;
        }));
        return m;
    }

    /** The configured extra attributes of a profile; a custom attribute the store does not map is refused. */
    private Map<String, List<String>> extraValues(UserProfile p) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (String extra : settings.extraAttributes()) {
            m.put(extra, List.of());
        }
        p.attributes().forEach((name, values) -> {
            String extra = settings.extraAttributes().stream().filter(x -> x.equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new InvalidValueException(name, "The user store " + domain + " has no attribute '" + name
                            + "' (extraAttributes: " + settings.extraAttributes() + ")"));
            m.put(extra, values);
        });
        return m;
    }

    private String disabledAttribute() {
        return settings.disabledAttribute().orElseThrow(() -> new InvalidValueException("active",
                "The user store " + domain + " cannot disable accounts: its configuration names no disabledAttribute"));
    }

    private String disabledValue() {
        return settings.disabledValue().orElseThrow(() -> new InvalidValueException("active",
                "The user store " + domain + " cannot disable accounts: its configuration names no disabledValue"));
    }

    /** Adds the assertion control on the entry's version, where the directory supports it. */
    private void assertVersion(org.apache.directory.api.ldap.model.message.Request request, Optional<String> rawVersion) {
        if (settings.type().isActiveDirectory() || rawVersion.isEmpty()) {
            return;
        }
        Control assertion = new OpaqueControl(ASSERTION_OID, true);
        ((OpaqueControl) assertion).setEncodedValue(Ber.equalityFilter(settings.versionAttribute(), rawVersion.get()));
        request.addControl(assertion);
    }

    private void conflictOrCheck(LdapResult result, String entity, long expected, String operation) {
        if (result.getResultCode() == ResultCodeEnum.UNKNOWN && !settings.type().isActiveDirectory()) {
            // assertionFailed (122, RFC 4528), which the library's result codes do not know: someone
            // changed the entry since the version was read
            throw new VersionConflictException(entity, expected, -1);
        }
        check(result, operation);
    }

    private void check(LdapResult result, String operation) {
        DirectoryAnswers.check(domain, result, operation);
    }

    private static void add(Entry entry, String attribute, String value) {
        try {
            entry.add(attribute, value);
        } catch (LdapException e) {
            throw new UserStoreException("Cannot build the entry: " + e.getMessage(), e);
        }
    }

    private static List<String> lower(List<String> values) {
        List<String> l = new ArrayList<>(values.size());
        values.forEach(v -> l.add(v.toLowerCase(Locale.ROOT)));
        return l;
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return bytes;
    }
}
