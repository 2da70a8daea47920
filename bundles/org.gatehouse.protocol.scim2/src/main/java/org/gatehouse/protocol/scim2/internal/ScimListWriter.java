package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.gatehouse.api.userstore.User;
import org.gatehouse.core.transfer.TransferFormat;

/**
 * Writes a SCIM ListResponse (RFC 7644 section 3.4.2) one User at a time. The number of users is
 * known only at the end, so {@code totalResults}, {@code startIndex} and {@code itemsPerPage} follow
 * {@code Resources}: JSON objects are unordered, and SCIM clients read them wherever they are.
 *
 * <p>Each user is its SCIM representation (never a password) with two changes that make the file
 * importable into any store: {@code userName} is the name within the exported store, without the
 * {@code DOMAIN/} prefix the SCIM server shows for secondary stores, and {@code groups} carry only
 * their {@code display} names, as group ids mean nothing to another store.
 */
final class ScimListWriter implements TransferFormat.Writer {

    private final JsonGenerator out;
    private final UserMapping mapping;
    private final Links links;
    private long written;

    ScimListWriter(JsonGenerator out, UserMapping mapping, Links links) throws IOException {
        this.out = out;
        this.mapping = mapping;
        this.links = links;
        out.writeStartObject();
        out.writeArrayFieldStart("schemas");
        out.writeString(Schemas.LIST_RESPONSE);
        out.writeEndArray();
        out.writeArrayFieldStart("Resources");
    }

    @Override
    public void write(User user, List<String> groups) throws IOException {
        ObjectNode resource = mapping.toJson(user, null, links);
        resource.put("userName", user.username());
        ArrayNode memberOf = resource.putArray("groups");
        groups.forEach(name -> memberOf.addObject().put("display", name));
        out.writeTree(resource);
        written++;
    }

    @Override
    public void finish() throws IOException {
        out.writeEndArray();
        out.writeNumberField("totalResults", written);
        out.writeNumberField("startIndex", 1);
        out.writeNumberField("itemsPerPage", written);
        out.writeEndObject();
        out.flush();
    }
}
