package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An attribute as RFC 7643 section 7 describes it: what the schema endpoints publish and what the
 * server checks requests against (names, types, mutability).
 */
record AttributeDef(
        String name,
        String type,
        boolean multiValued,
        boolean required,
        boolean caseExact,
        String mutability,
        String returned,
        String uniqueness,
        String description,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDef> subAttributes) {

    static final String READ_ONLY = "readOnly";
    static final String READ_WRITE = "readWrite";
    static final String IMMUTABLE = "immutable";
    static final String WRITE_ONLY = "writeOnly";

    static AttributeDef string(String name, String description) {
        return new AttributeDef(name, "string", false, false, false, READ_WRITE, "default", "none", description, List.of(), List.of(), List.of());
    }

    static AttributeDef complex(String name, boolean multiValued, String description, AttributeDef... sub) {
        return new AttributeDef(name, "complex", multiValued, false, false, READ_WRITE, "default", "none", description, List.of(), List.of(), List.of(sub));
    }

    AttributeDef withType(String newType) {
        return new AttributeDef(name, newType, multiValued, required, caseExact, mutability, returned, uniqueness, description, canonicalValues, referenceTypes, subAttributes);
    }

    AttributeDef asRequired() {
        return new AttributeDef(name, type, multiValued, true, caseExact, mutability, returned, uniqueness, description, canonicalValues, referenceTypes, subAttributes);
    }

    AttributeDef asCaseExact() {
        return new AttributeDef(name, type, multiValued, required, true, mutability, returned, uniqueness, description, canonicalValues, referenceTypes, subAttributes);
    }

    AttributeDef mutability(String m) {
        return new AttributeDef(name, type, multiValued, required, caseExact, m, returned, uniqueness, description, canonicalValues, referenceTypes, subAttributes);
    }

    AttributeDef returned(String r) {
        return new AttributeDef(name, type, multiValued, required, caseExact, mutability, r, uniqueness, description, canonicalValues, referenceTypes, subAttributes);
    }

    AttributeDef unique() {
        return new AttributeDef(name, type, multiValued, required, caseExact, mutability, returned, "server", description, canonicalValues, referenceTypes, subAttributes);
    }

    AttributeDef canonical(String... values) {
        return new AttributeDef(name, type, multiValued, required, caseExact, mutability, returned, uniqueness, description, List.of(values), referenceTypes, subAttributes);
    }

    AttributeDef references(String... types) {
        return new AttributeDef(name, "reference", multiValued, required, caseExact, mutability, returned, uniqueness, description, canonicalValues, List.of(types), subAttributes);
    }

    boolean readOnly() {
        return READ_ONLY.equals(mutability);
    }

    boolean isComplex() {
        return "complex".equals(type);
    }

    Optional<AttributeDef> sub(String subName) {
        return subAttributes.stream().filter(a -> a.name.equalsIgnoreCase(subName)).findFirst();
    }

    String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The attribute's description as the /Schemas endpoint publishes it. */
    ObjectNode toJson() {
        ObjectNode n = ScimJson.object();
        n.put("name", name);
        n.put("type", type);
        n.put("multiValued", multiValued);
        n.put("description", description);
        n.put("required", required);
        if (!isComplex() && !"boolean".equals(type) && !"dateTime".equals(type)) {
            n.put("caseExact", caseExact);
        }
        if (!canonicalValues.isEmpty()) {
            ArrayNode values = n.putArray("canonicalValues");
            canonicalValues.forEach(values::add);
        }
        if (!referenceTypes.isEmpty()) {
            ArrayNode refs = n.putArray("referenceTypes");
            referenceTypes.forEach(refs::add);
        }
        n.put("mutability", mutability);
        n.put("returned", returned);
        if (!isComplex() && !"boolean".equals(type)) {
            n.put("uniqueness", uniqueness);
        }
        if (!subAttributes.isEmpty()) {
            ArrayNode sub = n.putArray("subAttributes");
            subAttributes.forEach(a -> sub.add(a.toJson()));
        }
        return n;
    }
}
