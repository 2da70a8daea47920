package org.gatehouse.protocol.scim2.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured limits, each checked against its allowed range: a value outside is logged and replaced by the default. */
record Limits(int maxResults, int maxFilterLength, int maxPayloadBytes, int bulkMaxOperations, int bulkMaxPayloadBytes, int maxGroupMembers) {

    private static final Logger LOG = LoggerFactory.getLogger(Limits.class);

    static final Limits DEFAULTS = new Limits(200, 2048, 1 << 20, 100, 1 << 20, 10000);

    static Limits of(ScimConfiguration c) {
        return new Limits(
                checked("max.results", c.max_results(), 1, 1000, DEFAULTS.maxResults),
                checked("max.filter.length", c.max_filter_length(), 16, 4096, DEFAULTS.maxFilterLength),
                checked("max.payload.bytes", c.max_payload_bytes(), 1024, 16 << 20, DEFAULTS.maxPayloadBytes),
                checked("bulk.max.operations", c.bulk_max_operations(), 1, 1000, DEFAULTS.bulkMaxOperations),
                checked("bulk.max.payload.bytes", c.bulk_max_payload_bytes(), 1024, 16 << 20, DEFAULTS.bulkMaxPayloadBytes),
                checked("max.group.members", c.max_group_members(), 1, 1_000_000, DEFAULTS.maxGroupMembers));
    }

    private static int checked(String name, int value, int min, int max, int fallback) {
        if (value < min || value > max) {
            LOG.error("{} {} = {} is outside {}..{}; using {}", ScimConfiguration.PID, name, value, min, max, fallback);
            return fallback;
        }
        return value;
    }

    /** The largest body any request may have (a bulk request may be larger than others). */
    int largestBody() {
        return Math.max(maxPayloadBytes, bulkMaxPayloadBytes);
    }
}
