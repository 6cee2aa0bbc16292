package io.bpmon.web;

import io.bpmon.core.json.Json;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers, made before any route runs (a URI or headers too long, a malformed request, a path it
 * refuses), as the API's JSON error body for paths under {@code /api} (docs/contract.md); pages keep Jetty's
 * default. Jetty handles errors at two levels, so there are two handlers: {@link #server()} for requests it could not
 * even read or route, {@link #context()} for those refused within the servlet context.
 */
final class JettyApiErrors {

    /** Jetty's reasons are short and fixed; a longer one is cut rather than echoed whole. */
    private static final int MAX_MESSAGE = 200;

    private JettyApiErrors() {}

    static ErrorHandler server() {
        return new ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return isApi(request) ? writeJson(request, response, callback)
                        : super.handle(request, response, callback);
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                return badMessage(status, reason, fields);
            }
        };
    }

    static ErrorHandler context() {
        return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return isApi(request) ? writeJson(request, response, callback)
                        : super.handle(request, response, callback);
            }

            @Override
            public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                return badMessage(status, reason, fields);
            }
        };
    }

    /**
     * A request Jetty could not read (its URI or headers too long, a malformed request line): its path is not known,
     * so the answer is the API's JSON error whatever the path; a browser shows it as text.
     */
    static ByteBuffer badMessage(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        return ByteBuffer.wrap(Json.writeBytes(ApiError.of(message(status, reason))));
    }

    private static boolean writeJson(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        String message = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
            code = http.getCode();
            if (message == null) {
                message = http.getReason();
            }
        }
        if (code < 400) {
            code = 500;
        }
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        if (HttpStatus.hasNoBody(code) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.write(true, ByteBuffer.wrap(Json.writeBytes(ApiError.of(message(code, message)))), callback);
        return true;
    }

    private static String message(int status, String reason) {
        String m = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        return (m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the request was for the API. One whose request line Jetty could not read (too long, malformed) has no
     * path of its own (Jetty 12 gives it {@value #UNREAD_PATH}): it counts as one, as it may well have been.
     */
    static boolean isApi(Request request) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        return path == null || path.isEmpty() || path.equals(UNREAD_PATH) || path.equals(Routes.API)
                || path.startsWith(Routes.API + "/");
    }

    static final String UNREAD_PATH = "/badMessage";
}
