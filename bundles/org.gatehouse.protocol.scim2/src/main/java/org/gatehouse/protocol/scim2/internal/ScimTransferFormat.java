package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.core.transfer.TransferFormat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Users as SCIM JSON for bulk imports and exports (format {@code scim}): a ListResponse of User
 * resources (or a plain JSON array of them) in, a ListResponse out, both streamed resource by
 * resource. Resources are mapped exactly as the SCIM server maps them ({@link UserMapping}), so a
 * file a SCIM client or another SCIM server produced imports as if it had been POSTed.
 */
@Component(service = TransferFormat.class)
public final class ScimTransferFormat implements TransferFormat {

    static final String ID = "scim";

    /** Neither strict duplicate detection nor trailing-token checks: a bad resource is a row's problem, not the file's. */
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .build())
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    private final UserMapping mapping;
    private final ServerInfo server;

    @Activate
    public ScimTransferFormat(@Reference ClaimMappedAttributes customAttributes, @Reference ServerInfo server) {
        this(new Schemas(customAttributes.names()), server);
    }

    ScimTransferFormat(Schemas schemas, ServerInfo server) {
        this.mapping = new UserMapping(schemas);
        this.server = server;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String mediaType() {
        return ScimJson.MEDIA_TYPE;
    }

    @Override
    public Reader reader(InputStream in) throws IOException {
        return ScimResourceReader.open(json.getFactory().createParser(in), mapping);
    }

    @Override
    public Writer writer(OutputStream out) throws IOException {
        return new ScimListWriter(json.createGenerator(out), mapping, new Links(server.baseUrl().toString()));
    }
}
