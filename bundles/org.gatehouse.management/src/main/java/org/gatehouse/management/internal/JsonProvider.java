package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Reads and writes the management API's JSON with the strict {@link JsonCodec}. It only claims this
 * bundle's own types (and Jackson trees), so other resources of the default application keep
 * whatever JSON provider they bring.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsName(ManagementApi.JSON_EXTENSION)
@JaxrsMediaType({ManagementApi.APPLICATION_JSON, ManagementApi.MERGE_PATCH_JSON, ManagementApi.PROBLEM_JSON})
@Consumes({ManagementApi.APPLICATION_JSON, ManagementApi.MERGE_PATCH_JSON})
@Produces({ManagementApi.APPLICATION_JSON, ManagementApi.PROBLEM_JSON})
public final class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    private final JsonCodec codec;

    @Activate
    public JsonProvider(@Reference JsonCodec codec) {
        this.codec = codec;
    }

    static boolean handles(Class<?> type) {
        // a StreamingOutput lambda of a resource here (GET /api/exports) is this package's class too, but writes itself
        return JsonNode.class.isAssignableFrom(type) || !javax.ws.rs.core.StreamingOutput.class.isAssignableFrom(type)
                && JsonProvider.class.getPackageName().equals(type.getPackageName());
    }

    private static boolean json(MediaType mediaType) {
        return mediaType == null || JsonCodec.isJsonMediaType(mediaType.getType(), mediaType.getSubtype());
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return handles(type) && json(mediaType);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        String length = httpHeaders == null ? null : httpHeaders.getFirst("Content-Length");
        if (BodyLimit.exceedsLimit(length)) {
            throw ApiException.payloadTooLarge(JsonCodec.MAX_BODY_BYTES);
        }
        return codec.read(entityStream, type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return handles(type) && json(mediaType);
    }

    @Override
    public long getSize(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return -1;
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        codec.write(value, entityStream);
    }
}
