package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.api.plugin.InstalledPlugin;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;

/**
 * The JSON shapes of the management API: what it answers ({@code *View}) and what it accepts
 * ({@code *Input}). Inputs use boxed types so that an absent field is told apart from a given one;
 * which fields are required is decided by {@link Validation}.
 */
final class Representations {
    private Representations() {}

    // ---- answers --------------------------------------------------------------------------------

    record Meta(Instant created, Instant lastModified, long version) {}

    /** A browser's single sign-on session, as administrators see it. */
    record SessionView(String id, String userId, String userName, String domain, Instant authTime, List<String> amr, String acr,
            Instant created, Instant lastSeen, Instant expires, List<String> applications) {}

    static SessionView session(org.gatehouse.core.session.SsoSession s) {
        return new SessionView(s.id(), s.user().id(), s.user().username(), s.user().domain(), s.authTime(),
                s.amr().stream().sorted().toList(), s.acr(), s.created(), s.lastSeen(), s.expires(), s.clients().stream().sorted().toList());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Name(String givenName, String familyName) {}

    record GroupRef(String id, String displayName) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserView(
            String id,
            String domain,
            String userName,
            boolean active,
            Name name,
            String displayName,
            String email,
            boolean emailVerified,
            String phoneNumber,
            String locale,
            Map<String, List<String>> attributes,
            List<GroupRef> groups,
            Meta meta) {}

    record Member(String id, String userName) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GroupView(
            String id,
            String domain,
            String displayName,
            String description,
            List<Member> members,
            Long membersTotal,
            Meta meta) {}

    record ListView<T>(long totalResults, int offset, int limit, List<T> items) {}

    record BundleView(String symbolicName, String version, String state) {}

    record PluginView(String type, String id, String displayName, BundleView bundle) {}

    record PluginList(int totalResults, List<PluginView> items) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Check(String status, String detail) {}

    record Health(String status, Map<String, Check> checks) {}

    // ---- requests -------------------------------------------------------------------------------

    record NameInput(String givenName, String familyName) {}

    /**
     * A user as clients send it. {@code id}, {@code domain}, {@code groups} and {@code meta} are
     * read-only: accepted so that a representation read with GET can be sent back, then checked or
     * ignored.
     */
    record UserInput(
            String userName,
            Boolean active,
            String password,
            NameInput name,
            String displayName,
            String email,
            Boolean emailVerified,
            String phoneNumber,
            String locale,
            Map<String, List<String>> attributes,
            Long version,
            String id,
            String domain,
            JsonNode groups,
            JsonNode meta) {}

    /** A group as clients send it; {@code id}, {@code domain}, {@code members}, {@code membersTotal} and {@code meta} are read-only. */
    record GroupInput(
            String displayName,
            String description,
            Long version,
            String id,
            String domain,
            JsonNode members,
            JsonNode membersTotal,
            JsonNode meta) {}

    record PasswordInput(String password) {
        @Override
        public String toString() {
            return "PasswordInput[password=***]";
        }
    }

    record MemberInput(String userId) {}

    // ---- conversions ----------------------------------------------------------------------------

    static UserView user(User user, List<GroupRef> groups) {
        UserProfile p = user.profile();
        return new UserView(
                user.id(),
                user.domain(),
                user.username(),
                user.active(),
                new Name(p.givenName(), p.familyName()),
                p.displayName(),
                p.email(),
                p.emailVerified(),
                p.phoneNumber(),
                p.locale(),
                p.attributes(),
                groups,
                new Meta(user.created(), user.lastModified(), user.version()));
    }

    static GroupRef groupRef(Group group) {
        return new GroupRef(group.id(), group.name());
    }

    static GroupView group(Group group, List<Member> members, Long membersTotal) {
        return new GroupView(group.id(), group.domain(), group.name(), group.description(), members, membersTotal,
                new Meta(group.created(), group.lastModified(), group.version()));
    }

    static Member member(User user) {
        return new Member(user.id(), user.username());
    }

    static PluginView plugin(InstalledPlugin plugin) {
        return new PluginView(plugin.type().name(), plugin.id(), plugin.displayName(),
                new BundleView(plugin.bundleSymbolicName(), plugin.bundleVersion(), plugin.bundleState()));
    }

    /**
     * @return the API's field name for an attribute path of the store vocabulary (SCIM), e.g.
     *     {@code emails.value} is {@code email}; null stays null
     */
    static String fieldName(String attribute) {
        if (attribute == null) {
            return null;
        }
        return switch (attribute.toLowerCase(java.util.Locale.ROOT)) {
            case "emails.value", "emails" -> "email";
            case "emails.verified" -> "emailVerified";
            case "phonenumbers.value", "phonenumbers" -> "phoneNumber";
            case "username" -> "userName";
            case "name.givenname" -> "name.givenName";
            case "name.familyname" -> "name.familyName";
            case "displayname" -> "displayName";
            default -> attribute;
        };
    }
}
