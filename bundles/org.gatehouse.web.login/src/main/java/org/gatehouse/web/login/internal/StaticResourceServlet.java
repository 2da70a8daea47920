package org.gatehouse.web.login.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** The login pages' static files: a fixed list, nothing else from the bundle is reachable. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(StaticResourceServlet.PATTERN)
@HttpWhiteboardServletName("gatehouse-login-static")
public final class StaticResourceServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATTERN = "/login/static/*";
    static final String CSS_PATH = "/login/static/login.css";
    static final String WEBAUTHN_JS_PATH = "/login/static/webauthn.js";

    private static final Map<String, String> FILES = Map.of("/login.css", "text/css; charset=UTF-8", "/webauthn.js", "text/javascript; charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getPathInfo();
        String type = name == null ? null : FILES.get(name);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (type == null) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            resp.setContentType("text/plain; charset=UTF-8");
            resp.getWriter().write("Not found");
            return;
        }
        try (InputStream in = StaticResourceServlet.class.getClassLoader().getResourceAsStream("static" + name)) {
            if (in == null) {
                resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            byte[] body = in.readAllBytes();
            resp.setContentType(type);
            resp.setHeader("Cache-Control", "public, max-age=3600");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
