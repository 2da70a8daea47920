package org.gatehouse.userstore.ldap.internal;

import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapOperationException;
import org.apache.directory.api.ldap.model.message.LdapResult;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.UserStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the directory's refusals into the API's typed exceptions, so a caller gets "that value is
 * invalid" or "that name is taken" instead of an internal error; what is left is logged in full
 * and reported without the directory's internals.
 */
final class DirectoryAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryAnswers.class);

    private DirectoryAnswers() {}

    static UserStoreException toStoreException(String domain, LdapException e) {
        ResultCodeEnum code = e instanceof LdapOperationException op ? op.getResultCode() : ResultCodeEnum.OTHER;
        return toStoreException(domain, code, e.getMessage(), e);
    }

    /** @throws UserStoreException unless the result is a success */
    static void check(String domain, LdapResult result, String operation) {
        if (result.getResultCode() != ResultCodeEnum.SUCCESS) {
            throw toStoreException(domain, result.getResultCode(), operation + ": " + result.getDiagnosticMessage(), null);
        }
    }

    static UserStoreException toStoreException(String domain, ResultCodeEnum code, String message, Throwable cause) {
        String detail = message == null ? code.getMessage() : message;
        switch (code) {
            case ENTRY_ALREADY_EXISTS:
                return new UniquenessConflictException(null, "An entry with that name already exists in the directory");
            case NO_SUCH_OBJECT:
                return new EntityNotFoundException("The entry does not exist in the directory (any more)");
            case CONSTRAINT_VIOLATION:
            case INVALID_ATTRIBUTE_SYNTAX:
            case NAMING_VIOLATION:
            case OBJECT_CLASS_VIOLATION:
            case UNDEFINED_ATTRIBUTE_TYPE:
            case INVALID_DN_SYNTAX:
            case NOT_ALLOWED_ON_RDN:
            case ATTRIBUTE_OR_VALUE_EXISTS:
                LOG.info("User store {}: the directory refused a value ({}): {}", domain, code, detail);
                return new InvalidValueException(null, "The directory refused the value (" + code.getMessage() + "): " + brief(detail));
            case INSUFFICIENT_ACCESS_RIGHTS:
                LOG.warn("User store {}: the service account may not do this ({}): {}", domain, code, detail);
                return new UserStoreException("The directory does not allow the service account of the user store " + domain + " to do this");
            case SIZE_LIMIT_EXCEEDED:
                LOG.warn("User store {}: the directory's size limit cut a search short; lower pageSize: {}", domain, detail);
                return new UserStoreException("The directory of the user store " + domain + " cut the search short (size limit)");
            default:
                LOG.warn("User store {}: the directory refused an operation ({}): {}", domain, code, detail, cause);
                return new UserStoreException("The directory of the user store " + domain + " refused the operation (" + code.getMessage() + ")");
        }
    }

    /** The directory's diagnostic text, without anything after its first line. */
    private static String brief(String detail) {
        int nl = detail.indexOf('\n');
        String s = nl < 0 ? detail : detail.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
