package org.gatehouse.userstore.ldap.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.directory.api.ldap.model.filter.FilterParser;
import org.apache.directory.api.ldap.model.name.Dn;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.UserStoreDescriptor;

/**
 * The checked form of a {@link LdapUserStoreConfiguration}. A configuration that cannot work (a
 * malformed URL or DN, a missing base DN, passwords in clear text to a remote host, the PRIMARY
 * domain without consent) fails the activation of the store with a message that names the
 * setting, instead of failing every login later.
 */
record LdapSettings(
        String domain,
        String displayName,
        String organizationId,
        DirectoryType type,
        String host,
        int port,
        ConnectionSecurity security,
        Optional<Path> trustedCertificates,
        String bindDn,
        String bindPassword,
        String userBaseDn,
        SearchDepth userScope,
        String userObjectClass,
        Optional<String> userFilter,
        List<String> newUserObjectClasses,
        String usernameAttribute,
        String userRdnAttribute,
        String idAttribute,
        Map<String, String> mapping,
        List<String> extraAttributes,
        Optional<String> disabledAttribute,
        Optional<String> disabledValue,
        boolean emailsVerified,
        Optional<GroupSettings> groups,
        boolean readOnly,
        boolean serverSideSort,
        int pageSize,
        int countLimit,
        int maxConnections,
        Duration connectTimeout,
        Duration operationTimeout) {

    /** Where groups live and how memberships are found. */
    record GroupSettings(String baseDn, String objectClass, String nameAttribute, String memberAttribute, GroupResolution resolution,
            String memberOfAttribute) {}

    /** An attribute description (RFC 4512 descr or numeric OID), no options. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}|[0-9]+(\\.[0-9]+)+");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    /** The SCIM paths a mapping may name, besides those with fixed meanings (id, userName, active, meta.*). */
    static final List<String> MAPPABLE_PATHS = List.of("name.givenName", "name.familyName", "displayName", "emails.value",
            "phoneNumbers.value", "locale");

    static LdapSettings from(LdapUserStoreConfiguration c) {
        String domain = required(c.domain(), "domain").toUpperCase(Locale.ROOT);
        try {
            new UserStoreDescriptor(domain, null, java.util.Set.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("domain: " + e.getMessage());
        }
        if (domain.equals(UserStoreDescriptor.PRIMARY_DOMAIN) && !c.allowPrimaryDomain()) {
            throw new IllegalArgumentException("domain: PRIMARY is the Gatehouse database's store; choose another domain (e.g. CORP)"
                    + " or set allowPrimaryDomain=true to make this directory the primary store");
        }
        DirectoryType type = c.directoryType() == null ? DirectoryType.OPENLDAP : c.directoryType();
        ConnectionSecurity security = c.connectionSecurity() == null ? ConnectionSecurity.STARTTLS : c.connectionSecurity();
        URI url = url(required(c.url(), "url"), security);
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : security == ConnectionSecurity.LDAPS ? 636 : 389;
        if (security == ConnectionSecurity.NONE && !isLoopback(host) && !c.allowCleartext()) {
            throw new IllegalArgumentException("connectionSecurity: refusing to send passwords in clear text to " + host
                    + "; use LDAPS or STARTTLS (or set allowCleartext=true on a test network)");
        }
        Optional<Path> trust = optional(c.trustedCertificates()).map(Path::of);
        if (trust.isPresent() && !Files.isReadable(trust.get())) {
            throw new IllegalArgumentException("trustedCertificates: cannot read " + trust.get());
        }

        String bindDn = dn(required(c.bindDn(), "bindDn"), "bindDn");
        String bindPassword = c._bindPassword() == null ? "" : c._bindPassword();
        if (bindPassword.isEmpty()) {
            // an empty password is an unauthenticated bind (RFC 4513 5.1.2): it "succeeds" and reads nothing
            throw new IllegalArgumentException(".bindPassword: the service account needs a password");
        }
        String userBase = dn(required(c.userBaseDn(), "userBaseDn"), "userBaseDn");
        Optional<String> userFilter = optional(c.userFilter()).map(f -> filter(f, "userFilter"));

        String usernameAttribute = attribute(optional(c.usernameAttribute()).orElse(type.usernameAttribute), "usernameAttribute");
        String rdnAttribute = attribute(optional(c.userRdnAttribute()).orElse(type.userRdnAttribute), "userRdnAttribute");
        String idAttribute = attribute(optional(c.idAttribute()).orElse(type.idAttribute), "idAttribute");
        String userObjectClass = attribute(optional(c.userObjectClass()).orElse(type.userObjectClass), "userObjectClass");
        List<String> newUserClasses = optional(c.userObjectClasses()).map(s -> list(s, "userObjectClasses")).orElse(type.newUserObjectClasses);

        Map<String, String> mapping = optional(c.attributeMapping()).map(LdapSettings::mapping).orElse(type.mapping);
        List<String> extra = optional(c.extraAttributes()).map(s -> list(s, "extraAttributes")).orElse(List.of());

        Optional<GroupSettings> groups = optional(c.groupBaseDn()).map(base -> new GroupSettings(
                dn(base, "groupBaseDn"),
                attribute(optional(c.groupObjectClass()).orElse(type.groupObjectClass), "groupObjectClass"),
                attribute(optional(c.groupNameAttribute()).orElse("cn"), "groupNameAttribute"),
                attribute(optional(c.groupMemberAttribute()).orElse("member"), "groupMemberAttribute"),
                c.groupResolution() == null ? GroupResolution.MEMBER : c.groupResolution(),
                attribute(optional(c.memberOfAttribute()).orElse("memberOf"), "memberOfAttribute")));

        Optional<String> disabledAttribute = optional(c.disabledAttribute()).map(a -> attribute(a, "disabledAttribute"));
        Optional<String> disabledValue = optional(c.disabledValue());
        if (disabledValue.isPresent() && disabledAttribute.isEmpty()) {
            throw new IllegalArgumentException("disabledValue: set disabledAttribute too");
        }
        if (type.isActiveDirectory() && !c.readOnly() && security == ConnectionSecurity.NONE) {
            throw new IllegalArgumentException("connectionSecurity: Active Directory sets passwords (unicodePwd) only over an encrypted"
                    + " connection; a read-write store needs LDAPS or STARTTLS");
        }
        if (type.isActiveDirectory() && disabledAttribute.isPresent()) {
            throw new IllegalArgumentException("disabledAttribute: Active Directory marks disabled accounts in userAccountControl; leave it empty");
        }
        return new LdapSettings(domain,
                optional(c.displayName()).orElse(domain),
                organization(c.organization()),
                type, host, port, security, trust, bindDn, bindPassword, userBase,
                c.userSearchScope() == null ? SearchDepth.SUBTREE : c.userSearchScope(),
                userObjectClass, userFilter, newUserClasses, usernameAttribute, rdnAttribute, idAttribute, mapping, extra,
                disabledAttribute, disabledValue, c.emailsVerified(), groups, c.readOnly(), c.serverSideSort(),
                range(c.pageSize(), 1, 5000, "pageSize"),
                range(c.countLimit(), 0, 1_000_000, "countLimit"),
                range(c.maxConnections(), 1, 200, "maxConnections"),
                Duration.ofMillis(range(c.connectTimeoutMillis(), 100, 60_000, "connectTimeoutMillis")),
                Duration.ofMillis(range(c.operationTimeoutMillis(), 100, 300_000, "operationTimeoutMillis")));
    }

    /** The attribute that versions entries: uSNChanged in Active Directory, entryCSN elsewhere. */
    String versionAttribute() {
        return type.isActiveDirectory() ? "uSNChanged" : "entryCSN";
    }

    boolean idIsBinaryGuid() {
        return idAttribute.equalsIgnoreCase("objectGUID");
    }

    @Override
    public String toString() {
        // the password stays out of every log line
        return "LdapSettings[domain=" + domain + ", type=" + type + ", url=" + (security == ConnectionSecurity.LDAPS ? "ldaps" : "ldap")
                + "://" + host + ":" + port + ", security=" + security + ", bindDn=" + bindDn + ", userBaseDn=" + userBaseDn
                + ", groupBaseDn=" + groups.map(GroupSettings::baseDn).orElse("") + ", readOnly=" + readOnly + "]";
    }

    private static URI url(String value, ConnectionSecurity security) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: not a URL: " + value);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw new IllegalArgumentException("url: must start with ldap:// or ldaps://, not " + value);
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("url: names no host: " + value);
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/") || url.getRawQuery() != null) {
            throw new IllegalArgumentException("url: only scheme, host and port, e.g. ldaps://dc1.example.com:636 (base DNs are settings of their own): "
                    + value);
        }
        if (scheme.equals("ldaps") != (security == ConnectionSecurity.LDAPS)) {
            throw new IllegalArgumentException("url: an ldaps:// URL goes with connectionSecurity=LDAPS, an ldap:// URL with STARTTLS or NONE ("
                    + value + ", " + security + ")");
        }
        return url;
    }

    private static String organization(String value) {
        String id = optional(value).orElse(OrganizationRef.ROOT_ID);
        if (!id.matches("[0-9A-Za-z-]{1,64}")) {
            throw new IllegalArgumentException("organization: not an organization id: " + id);
        }
        return id;
    }

    private static Map<String, String> mapping(String value) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("attributeMapping: expected path=attribute, got '" + pair.strip() + "'");
            }
            String path = pair.substring(0, eq).strip();
            String attribute = attribute(pair.substring(eq + 1).strip(), "attributeMapping (" + path + ")");
            String known = MAPPABLE_PATHS.stream().filter(p -> AttributePath.of(p).key().equals(AttributePath.of(path).key())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("attributeMapping: '" + path + "' cannot be mapped; one of " + MAPPABLE_PATHS));
            result.put(known, attribute);
        }
        return Map.copyOf(result);
    }

    private static List<String> list(String value, String setting) {
        List<String> result = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                result.add(attribute(item.strip(), setting));
            }
        }
        return List.copyOf(result);
    }

    static String attribute(String value, String setting) {
        if (value == null || !ATTRIBUTE.matcher(value).matches()) {
            throw new IllegalArgumentException(setting + ": not an LDAP attribute or object class name: '" + value + "'");
        }
        return value;
    }

    private static String dn(String value, String setting) {
        if (!Dn.isValid(value)) {
            throw new IllegalArgumentException(setting + ": not a distinguished name: '" + value + "'");
        }
        return value;
    }

    private static String filter(String value, String setting) {
        String f = value.startsWith("(") ? value : "(" + value + ")";
        try {
            FilterParser.parse(f);
        } catch (java.text.ParseException | RuntimeException e) {
            throw new IllegalArgumentException(setting + ": not an LDAP filter: '" + value + "'");
        }
        return f;
    }

    private static int range(int value, int min, int max, String setting) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + ": must be " + min + "-" + max + ", not " + value);
        }
        return value;
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(host).matches() || host.equals("[::1]") || host.equals("::1");
    }

    private static String required(String value, String setting) {
        return optional(value).orElseThrow(() -> new IllegalArgumentException("The setting " + setting + " is required"));
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
