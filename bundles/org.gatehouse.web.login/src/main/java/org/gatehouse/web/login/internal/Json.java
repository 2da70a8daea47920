package org.gatehouse.web.login.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON for the pages' data blocks. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * @return the value as JSON that is safe inside a {@code <script type="application/json">}
     *     element: no {@code <}, so neither {@code </script>} nor {@code <!--} can end or confuse it
     */
    static String forScript(Object value) {
        try {
            return MAPPER.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }
}
