package org.gatehouse.userstore.ldap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One LDAP or Active Directory user store. A factory configuration: each instance
 * ({@code etc/org.gatehouse.userstore.ldap-<name>.cfg}) registers one user store, and adding,
 * changing or deleting the file adds, restarts or removes that store at run time.
 *
 * <p>Empty values of the mapping attributes mean "the default of the directory type" (see
 * {@link DirectoryType}), so an OpenLDAP or Active Directory store needs little more than a URL,
 * a service account and base DNs.
 *
 * <p>Secrets use a leading underscore ({@code _bindPassword} is the property {@code .bindPassword}):
 * Declarative Services does not copy properties whose names start with a dot into the service
 * registration, so the password is not visible to every bundle that looks the store up.
 */
@ObjectClassDefinition(
        name = "Gatehouse LDAP user store",
        description = "Users and groups in an LDAP directory (OpenLDAP, 389 DS, ...) or Active Directory.")
public @interface LdapUserStoreConfiguration {

    String FACTORY_PID = "org.gatehouse.userstore.ldap";

    @AttributeDefinition(name = "Domain",
            description = "Upper-case name of the store, e.g. CORP; its users log in as CORP/username. PRIMARY is refused unless allowPrimaryDomain is set.")
    String domain();

    @AttributeDefinition(name = "Display name", required = false)
    String displayName() default "";

    @AttributeDefinition(name = "Allow the PRIMARY domain",
            description = "Lets this directory be the primary store (users log in without a prefix). Only one primary store may run.")
    boolean allowPrimaryDomain() default false;

    @AttributeDefinition(name = "Organization id", description = "The organization whose users this directory holds (the root organization by default).")
    String organization() default "00000000-0000-0000-0000-000000000000";

    @AttributeDefinition(name = "Directory type", description = "Sets the defaults of the attribute mapping and the Active Directory specifics.")
    DirectoryType directoryType() default DirectoryType.OPENLDAP;

    @AttributeDefinition(name = "URL", description = "ldap://host:389 or ldaps://host:636")
    String url();

    @AttributeDefinition(name = "Connection security",
            description = "LDAPS (with an ldaps:// URL) or STARTTLS. NONE sends passwords in clear text and is refused for other hosts than the loopback unless allowCleartext is set.")
    ConnectionSecurity connectionSecurity() default ConnectionSecurity.STARTTLS;

    @AttributeDefinition(name = "Allow clear text", description = "Allows NONE to a host other than the loopback (a test network only).")
    boolean allowCleartext() default false;

    @AttributeDefinition(name = "Trusted certificates",
            description = "A PEM file of CA certificates to trust for LDAPS/StartTLS; empty for the JVM's trust store.", required = false)
    String trustedCertificates() default "";

    @AttributeDefinition(name = "Bind DN", description = "The service account that searches (and, read-write, changes) the directory.")
    String bindDn();

    @AttributeDefinition(name = "Bind password", type = AttributeType.PASSWORD)
    String _bindPassword();

    @AttributeDefinition(name = "User base DN", description = "e.g. ou=people,dc=example,dc=org")
    String userBaseDn();

    @AttributeDefinition(name = "User search scope")
    SearchDepth userSearchScope() default SearchDepth.SUBTREE;

    @AttributeDefinition(name = "User object class", description = "Empty: inetOrgPerson (OpenLDAP), user (Active Directory).", required = false)
    String userObjectClass() default "";

    @AttributeDefinition(name = "Extra user filter",
            description = "An LDAP filter every user must also match, e.g. (!(objectClass=computer)).", required = false)
    String userFilter() default "";

    @AttributeDefinition(name = "Object classes of new users",
            description = "Comma-separated; empty: inetOrgPerson,organizationalPerson,person,top (OpenLDAP), top,person,organizationalPerson,user (AD).",
            required = false)
    String userObjectClasses() default "";

    @AttributeDefinition(name = "Username attribute", description = "Empty: uid (OpenLDAP), sAMAccountName (Active Directory).", required = false)
    String usernameAttribute() default "";

    @AttributeDefinition(name = "RDN attribute of new users", description = "Empty: uid (OpenLDAP), cn (Active Directory).", required = false)
    String userRdnAttribute() default "";

    @AttributeDefinition(name = "Id attribute",
            description = "The stable id: empty for entryUUID (OpenLDAP) or objectGUID (Active Directory).", required = false)
    String idAttribute() default "";

    @AttributeDefinition(name = "Attribute mapping",
            description = "SCIM path=LDAP attribute, comma-separated, e.g. name.givenName=givenName, emails.value=mail. Empty: the directory type's mapping.",
            required = false)
    String attributeMapping() default "";

    @AttributeDefinition(name = "Extra attributes",
            description = "Further LDAP attributes exposed (and searchable) as custom user attributes, comma-separated, e.g. title,departmentNumber.",
            required = false)
    String extraAttributes() default "";

    @AttributeDefinition(name = "Disabled attribute",
            description = "Generic directories: the attribute that marks a disabled account (Active Directory uses userAccountControl).",
            required = false)
    String disabledAttribute() default "";

    @AttributeDefinition(name = "Disabled value",
            description = "The value of the disabled attribute that means disabled; empty: any value means disabled.", required = false)
    String disabledValue() default "";

    @AttributeDefinition(name = "Email addresses are verified",
            description = "Whether the directory's email addresses count as verified (e.g. for one-time codes by email).")
    boolean emailsVerified() default false;

    @AttributeDefinition(name = "Group base DN", description = "Empty: this store has no groups.", required = false)
    String groupBaseDn() default "";

    @AttributeDefinition(name = "Group object class", description = "Empty: groupOfNames (OpenLDAP), group (Active Directory).", required = false)
    String groupObjectClass() default "";

    @AttributeDefinition(name = "Group name attribute")
    String groupNameAttribute() default "cn";

    @AttributeDefinition(name = "Group member attribute")
    String groupMemberAttribute() default "member";

    @AttributeDefinition(name = "Group resolution",
            description = "MEMBER_OF reads the users' memberOf attribute (OpenLDAP memberof overlay, Active Directory); MEMBER searches the groups' member attribute.")
    GroupResolution groupResolution() default GroupResolution.MEMBER;

    @AttributeDefinition(name = "memberOf attribute")
    String memberOfAttribute() default "memberOf";

    @AttributeDefinition(name = "Read-only", description = "Read-only stores refuse every change; read-write stores create, change and delete entries.")
    boolean readOnly() default true;

    @AttributeDefinition(name = "Server-side sorting",
            description = "The directory supports the server-side sort control (RFC 2891: Active Directory, OpenLDAP with the sssvlv overlay).")
    boolean serverSideSort() default false;

    @AttributeDefinition(name = "Page size", description = "Entries per page of a paged search (RFC 2696); at most the server's size limit.", min = "1", max = "5000")
    int pageSize() default 200;

    @AttributeDefinition(name = "Count limit",
            description = "How many matches a search counts for its total at most; beyond it the total is unknown (-1).", min = "0", max = "1000000")
    int countLimit() default 10000;

    @AttributeDefinition(name = "Pool size", description = "Connections to the directory at most.", min = "1", max = "200")
    int maxConnections() default 8;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Short, so a directory that is down is noticed quickly.", min = "100", max = "60000")
    int connectTimeoutMillis() default 3000;

    @AttributeDefinition(name = "Operation timeout (ms)", min = "100", max = "300000")
    int operationTimeoutMillis() default 10000;
}
