package org.gatehouse.userstore.ldap.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.directory.api.ldap.model.entry.Attribute;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.entry.Value;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads users and groups out of directory entries, through the configured mapping, and names the
 * attributes a search must ask for (operational ones such as entryUUID are never sent unasked).
 */
final class EntryReader {

    private static final Logger LOG = LoggerFactory.getLogger(EntryReader.class);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    /** A user with what the store needs to change it later. */
    record DirectoryUser(String dn, User user, Optional<String> rawVersion, long userAccountControl, List<String> memberOf) {}

    /** A group with its members' DNs. */
    record DirectoryGroup(String dn, Group group, Optional<String> rawVersion, List<String> members) {}

    private final LdapSettings settings;
    private final String[] userAttributes;
    private final String[] groupAttributes;

    EntryReader(LdapSettings settings) {
        this.settings = settings;
        Set<String> users = new LinkedHashSet<>(List.of(settings.idAttribute(), settings.usernameAttribute(), "createTimestamp",
                "modifyTimestamp", settings.versionAttribute()));
        users.addAll(settings.mapping().values());
        users.addAll(settings.extraAttributes());
        settings.disabledAttribute().ifPresent(users::add);
        if (settings.type().isActiveDirectory()) {
            users.add("userAccountControl");
            users.add("userPrincipalName");
        }
        settings.groups().filter(g -> g.resolution() == GroupResolution.MEMBER_OF).ifPresent(g -> users.add(g.memberOfAttribute()));
        this.userAttributes = users.toArray(String[]::new);
        this.groupAttributes = settings.groups().map(g -> new String[] {settings.idAttribute(), g.nameAttribute(), "description",
                "createTimestamp", "modifyTimestamp", settings.versionAttribute(), g.memberAttribute()}).orElse(new String[0]);
    }

    String[] userAttributes() {
        return userAttributes.clone();
    }

    String[] groupAttributes() {
        return groupAttributes.clone();
    }

    Optional<DirectoryUser> user(Entry e) {
        Optional<String> id = id(e);
        Optional<String> username = first(e, settings.usernameAttribute());
        if (id.isEmpty() || username.isEmpty()) {
            LOG.warn("User store {}: skipping {}: it has no readable {} or {}", settings.domain(), e.getDn(), settings.idAttribute(),
                    settings.usernameAttribute());
            return Optional.empty();
        }
        Map<String, String> m = settings.mapping();
        String email = mapped(e, m, "emails.value");
        UserProfile.Builder profile = UserProfile.builder()
                .givenName(mapped(e, m, "name.givenName"))
                .familyName(mapped(e, m, "name.familyName"))
                .displayName(mapped(e, m, "displayName"))
                .email(email)
                .emailVerified(email != null && settings.emailsVerified())
                .phoneNumber(mapped(e, m, "phoneNumbers.value"))
                .locale(mapped(e, m, "locale"));
        for (String extra : settings.extraAttributes()) {
            List<String> values = strings(e, extra);
            if (!values.isEmpty()) {
                profile.attribute(extra, values);
            }
        }
        long uac = settings.type().isActiveDirectory() ? first(e, "userAccountControl").map(EntryReader::parseLong).orElse(0L) : 0L;
        boolean active = settings.type().isActiveDirectory() ? !ActiveDirectory.isDisabled(uac) : !disabled(e);
        Optional<String> rawVersion = first(e, settings.versionAttribute());
        Instant created = time(e, "createTimestamp").orElse(Instant.EPOCH);
        Instant modified = time(e, "modifyTimestamp").orElse(created);
        User user = new User(id.get(), settings.domain(), username.get(), active, profile.build(), EntryVersion.of(rawVersion, () -> values(e)),
                created, modified);
        List<String> memberOf = settings.groups().filter(g -> g.resolution() == GroupResolution.MEMBER_OF)
                .map(g -> strings(e, g.memberOfAttribute())).orElse(List.of());
        return Optional.of(new DirectoryUser(e.getDn().getName(), user, rawVersion, uac, memberOf));
    }

    Optional<DirectoryGroup> group(Entry e) {
        LdapSettings.GroupSettings g = settings.groups().orElseThrow();
        Optional<String> id = id(e);
        Optional<String> name = first(e, g.nameAttribute());
        if (id.isEmpty() || name.isEmpty()) {
            LOG.warn("User store {}: skipping group {}: it has no readable {} or {}", settings.domain(), e.getDn(), settings.idAttribute(),
                    g.nameAttribute());
            return Optional.empty();
        }
        Optional<String> rawVersion = first(e, settings.versionAttribute());
        Instant created = time(e, "createTimestamp").orElse(Instant.EPOCH);
        Group group = new Group(id.get(), settings.domain(), name.get(), first(e, "description").orElse(null),
                EntryVersion.of(rawVersion, () -> values(e)), created, time(e, "modifyTimestamp").orElse(created));
        List<String> members = strings(e, g.memberAttribute()).stream().filter(dn -> !dn.isBlank()).toList();
        return Optional.of(new DirectoryGroup(e.getDn().getName(), group, rawVersion, members));
    }

    private boolean disabled(Entry e) {
        if (settings.disabledAttribute().isEmpty()) {
            return false;
        }
        List<String> values = strings(e, settings.disabledAttribute().get());
        return settings.disabledValue().map(v -> values.stream().anyMatch(x -> x.equalsIgnoreCase(v))).orElse(!values.isEmpty());
    }

    private Optional<String> id(Entry e) {
        Attribute a = e.get(settings.idAttribute());
        if (a == null || a.size() == 0) {
            return Optional.empty();
        }
        Value v = a.get();
        if (settings.idIsBinaryGuid()) {
            byte[] bytes = v.getBytes();
            return bytes != null && bytes.length == 16 ? Optional.of(ActiveDirectory.guidString(bytes)) : Optional.empty();
        }
        String s = v.getString();
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.toLowerCase(Locale.ROOT));
    }

    private static String mapped(Entry e, Map<String, String> mapping, String path) {
        String attribute = mapping.get(path);
        return attribute == null ? null : first(e, attribute).orElse(null);
    }

    static Optional<String> first(Entry e, String attribute) {
        List<String> values = strings(e, attribute);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    static List<String> strings(Entry e, String attribute) {
        Attribute a = e.get(attribute);
        if (a == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>(a.size());
        for (Value v : a) {
            if (v.isHumanReadable() && v.getString() != null) {
                values.add(v.getString());
            }
        }
        return values;
    }

    /** Every textual value, sorted by attribute: what the hash version covers. */
    private static TreeMap<String, List<String>> values(Entry e) {
        TreeMap<String, List<String>> all = new TreeMap<>();
        for (Attribute a : e.getAttributes()) {
            List<String> values = new ArrayList<>();
            for (Value v : a) {
                values.add(v.isHumanReadable() ? v.getString() : java.util.HexFormat.of().formatHex(v.getBytes()));
            }
            all.put(a.getUpId().toLowerCase(Locale.ROOT), values);
        }
        return all;
    }

    /** GeneralizedTime as directories write it: {@code 20261127041000Z}, AD {@code 20261127041000.0Z}. */
    static Optional<Instant> time(Entry e, String attribute) {
        return first(e, attribute).flatMap(EntryReader::parseGeneralizedTime);
    }

    static Optional<Instant> parseGeneralizedTime(String s) {
        if (s.length() < 14 || !s.endsWith("Z")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(s.substring(0, 14), GENERALIZED_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
